using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BrokerConsole.Tests.Credentials;

/// <summary>
/// Issue #19 §2: on PostgreSQL the Data Protection key ring is in the database, encrypted with the key-ring certificate,
/// so two nodes with data folders of their own (no shared keys folder) read each other's secrets, sign-in cookies and
/// antiforgery tokens, and the table holds no key in the clear.
/// </summary>
public sealed class KeyRingOnPostgresTests : IAsyncLifetime
{
    private const string Password = "nifty-2026-keyring";
    private readonly string _database = PostgresCluster.CreateDatabase();
    private TestApp _a = null!;
    private TestApp _b = null!;

    public async Task InitializeAsync()
    {
        _a = await AppFixture.Create().OnPostgres(_database).StartAsync();
        _ = _a.Services; // migrates the shared database once, before the second node starts
        _b = await AppFixture.Create().OnPostgres(_database).StartAsync();
        _ = _b.Services;
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        PostgresCluster.DropDatabase(_database);
    }

    [Fact]
    public async Task A_secret_saved_on_node_A_is_decrypted_on_node_B_with_no_keys_folder_on_either()
    {
        var canary = "CANARY-keyring-" + Guid.NewGuid().ToString("N");
        var userId = await _a.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        Guid accountId;
        await using (var onA = _a.ScopeFor(userId))
        {
            accountId = (await onA.ServiceProvider.GetRequiredService<IAccountService>().CreateAsync(AccountDrafts.Zerodha(secret: canary))).Id;
        }

        await using var db = await _b.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync();
        var stored = await db.AccountSecrets.AsNoTracking().SingleAsync(s => s.AccountId == accountId && s.Kind == SecretKind.ApiSecret);

        Assert.Equal(canary, _b.Get<ISecretProtector>().Unprotect(accountId, SecretKind.ApiSecret, stored.Ciphertext));
        // Each node has a data folder of its own and neither keeps keys there: B read A's key from the database.
        Assert.NotEqual(_a.DataDirectory, _b.DataDirectory);
        Assert.False(Directory.Exists(Path.Combine(_a.DataDirectory, "keys")));
        Assert.False(Directory.Exists(Path.Combine(_b.DataDirectory, "keys")));
        Assert.DoesNotContain(canary, PostgresCluster.DumpText(_database), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_in_form_from_node_A_posts_to_node_B_and_each_nodes_cookie_is_accepted_by_the_other()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        await _a.CreateUserAsync(email, Password);

        // The form (antiforgery cookie and token) comes from A; the browser's post lands on B.
        using var toA = Plain(_a);
        using var form = await toA.GetAsync("/account/login");
        var fields = await HiddenFieldsAsync(form, "login");
        fields["Form.Email"] = email;
        fields["Form.Password"] = Password;
        using var toB = Plain(_b);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login") { Content = new FormUrlEncodedContent(fields) };
        post.Headers.Add("Cookie", CookiesOf(form));
        using var signedInOnB = await toB.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedInOnB.StatusCode);
        var cookieFromB = AuthCookie(signedInOnB);
        Assert.Equal(HttpStatusCode.OK, await GetAsync(_a, "/account/change-password", cookieFromB));

        // Signed in entirely through A: the cookie opens an authenticated page on B.
        using var browserOnA = _a.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using var signedInOnA = await browserOnA.SubmitAsync("/account/login", "login", new Dictionary<string, string>
        {
            ["Form.Email"] = email,
            ["Form.Password"] = Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, signedInOnA.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await GetAsync(_b, "/account/change-password", AuthCookie(signedInOnA)));
        // The control: without a cookie B sends the browser to sign in.
        Assert.Equal(HttpStatusCode.Redirect, await GetAsync(_b, "/account/change-password", cookie: null));
    }

    [Fact]
    public async Task The_key_table_holds_only_encrypted_key_xml()
    {
        _ = _a.Get<ISecretProtector>().Protect(Guid.NewGuid(), SecretKind.ApiSecret, "warm the ring");
        // The master keys as the node holds them in memory (decrypted): none of them may be in a row.
        var masterKeys = _a.Get<IKeyManager>().GetAllKeys()
            .Select(k => k.Descriptor.ExportToXml().SerializedDescriptorElement.Descendants("value").Single().Value)
            .ToList();
        Assert.NotEmpty(masterKeys);

        var rows = await KeyRowsAsync();
        Assert.Equal(masterKeys.Count, rows.Count);
        foreach (var xml in rows)
        {
            Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
            Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            Assert.All(masterKeys, key => Assert.DoesNotContain(key, xml, StringComparison.Ordinal));
        }

        Assert.DoesNotContain("No XML encryptor configured", _a.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_reads_the_key_rows_from_the_database_and_turns_unhealthy_when_they_are_deleted()
    {
        var userId = await _a.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        await using (var onA = _a.ScopeFor(userId))
        {
            await onA.ServiceProvider.GetRequiredService<IAccountService>().CreateAsync(AccountDrafts.Zerodha());
        }

        var healthy = await _b.HealthAsync();
        Assert.Equal("Healthy", healthy.KeyRing!.Status);
        Assert.Contains("decrypts the stored secrets", healthy.KeyRing.Description, StringComparison.Ordinal);

        await using (var connection = new NpgsqlConnection(_database))
        {
            await connection.OpenAsync();
            await using var delete = new NpgsqlCommand("DELETE FROM \"DataProtectionKeys\"", connection);
            await delete.ExecuteNonQueryAsync();
        }

        var broken = await _b.HealthAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, broken.HttpStatus);
        Assert.Equal("Unhealthy", broken.KeyRing!.Status);
        Assert.Contains("no longer in the database's key ring (table DataProtectionKeys)", broken.KeyRing.Description, StringComparison.Ordinal);
    }

    private async Task<List<string>> KeyRowsAsync()
    {
        var rows = new List<string>();
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT \"Xml\" FROM \"DataProtectionKeys\"", connection);
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static HttpClient Plain(TestApp node) =>
        node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private static async Task<HttpStatusCode> GetAsync(TestApp node, string path, string? cookie)
    {
        using var client = Plain(node);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<Dictionary<string, string>> HiddenFieldsAsync(HttpResponseMessage page, string formName)
    {
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var document = await new HtmlParser().ParseDocumentAsync(await page.Content.ReadAsStringAsync());
        var form = document.Forms.Single(f => f.QuerySelector($"input[name=_handler][value='{formName}']") is not null);
        return form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>().ToDictionary(i => i.Name!, i => i.Value);
    }

    /// <summary>Every cookie a response set, as a browser sends them back ("a=1; b=2").</summary>
    private static string CookiesOf(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

    private static string AuthCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("BrokerConsole.Auth=", StringComparison.Ordinal)).Split(';')[0];
}
