using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.ApiKeys;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Tests.Sandbox.Kite;
using BrokerConsole.Tests.TestSupport;
using BrokerConsole.Web.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Api;

/// <summary>The app in-process against one sandbox host serving Kite, Angel One, Dhan and Fyers, on one fake clock (TOTPs agree).</summary>
public sealed class CredentialsSandbox : IAppRecipe
{
    public const string AngelApiKey = "angelcheck01";
    public const string AngelClientCode = "C1001";
    public const string AngelMpin = "2468";
    public const string AngelTotpSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    public const string DhanClientId = "1100000077";
    public const string DhanToken = "dhan-check-token-0077";
    public const string DhanPin = "135790";
    public const string DhanTotpSecret = "KRUGKIDROVUWG2ZAMJZG653OEBTG66BO";
    public const string DhanApiKey = "dhancheck01";
    public const string DhanApiSecret = "dhan-check-secret-01";
    public const string FyersAppId = "CHECKFY1-100";
    public const string FyersSecret = "fyers-check-secret-01";
    public const string TokenFirstKiteApiKey = "kitetokenfirst1";
    public const string TokenFirstKiteApiSecret = "kite-token-first-secret-1";

    public static AppFixture Recipe() => AppFixture.Create()
        .WithSandbox(s =>
        {
            // Kite documents neither order of its /session/token checks: a second app checks the token first.
            s["Sandbox:Kite:Apps:1:ApiKey"] = TokenFirstKiteApiKey;
            s["Sandbox:Kite:Apps:1:ApiSecret"] = TokenFirstKiteApiSecret;
            s["Sandbox:Kite:Apps:1:RedirectUrl"] = KiteSandboxHost.RedirectUrl;
            s["Sandbox:Kite:Apps:1:TokenCheckedFirst"] = "true";
            s["Sandbox:Angel:Apps:0:ApiKey"] = AngelApiKey;
            s["Sandbox:Angel:Users:0:ClientCode"] = AngelClientCode;
            s["Sandbox:Angel:Users:0:Mpin"] = AngelMpin;
            s["Sandbox:Angel:Users:0:TotpSecret"] = AngelTotpSecret;
            s["Sandbox:Angel:Users:0:Name"] = "Angel Checker";
            s["Sandbox:Angel:Users:0:Email"] = "c1001@example.test";
            s["Sandbox:Dhan:Users:0:ClientId"] = DhanClientId;
            s["Sandbox:Dhan:Users:0:Name"] = "Dhan Checker";
            s["Sandbox:Dhan:Users:0:AccessToken"] = DhanToken;
            s["Sandbox:Dhan:Users:0:Pin"] = DhanPin;
            s["Sandbox:Dhan:Users:0:TotpSecret"] = DhanTotpSecret;
            s["Sandbox:Dhan:Apps:0:ApiKey"] = DhanApiKey;
            s["Sandbox:Dhan:Apps:0:ApiSecret"] = DhanApiSecret;
            s["Sandbox:Dhan:Apps:0:RedirectUrl"] = "http://localhost:5080/connect/dhan/callback";
            s["Sandbox:Fyers:Apps:0:AppId"] = FyersAppId;
            s["Sandbox:Fyers:Apps:0:Secret"] = FyersSecret;
            s["Sandbox:Fyers:Apps:0:RedirectUrl"] = "http://localhost:5080/connect/fyers/callback";
            s["Sandbox:Fyers:Users:0:FyId"] = "FC0001";
            s["Sandbox:Fyers:Users:0:Pin"] = "1234";
            s["Sandbox:Fyers:Users:0:TotpSecret"] = AngelTotpSecret;
            s["Sandbox:Fyers:Users:0:Name"] = "Fyers Checker";
            s["Sandbox:Fyers:Users:0:Email"] = "fc0001@example.test";
        })
        .WithSandboxBroker(BrokerKind.Zerodha)
        .WithSandboxBroker(BrokerKind.AngelOne)
        .WithSandboxBroker(BrokerKind.Dhan)
        .WithSandboxBroker(BrokerKind.Fyers)
        .WithSetting("Scheduling:Enabled", "false");
}

/// <summary>
/// <c>POST /api/v1/broker/validate</c> really asks the broker and stores nothing: Zerodha's three answers told apart,
/// Angel One's login + logout, Dhan's profile, Fyers' validate-authcode; canary secrets never reach the database or logs.
/// </summary>
public sealed class ApiValidateTests(SharedApp<CredentialsSandbox> app) : IClassFixture<SharedApp<CredentialsSandbox>>
{
    private async Task<HttpClient> ClientAsync()
    {
        var userId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        await using var scope = app.ScopeFor(userId);
        var key = await scope.ServiceProvider.GetRequiredService<IApiKeyService>().CreateAsync("validate");
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key.Secret);
        return client;
    }

    private async Task<HttpResponseMessage> ValidateAsync(HttpClient client, object body)
    {
        // The sandboxes' per-second limits run on the fake clock: every probe in its own second.
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        return await client.PostAsJsonAsync("/api/v1/broker/validate", body);
    }

    private static async Task<Dictionary<string, string>> ChecksAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("outcome").GetString()!);
    }

    private static object Kite(string apiKey, string secret) => new
    {
        broker = "Zerodha",
        displayName = "Probe",
        clientId = KiteSandboxHost.UserId,
        environment = "Sandbox",
        apiKey,
        apiSecret = secret,
        redirectUrl = KiteSandboxHost.RedirectUrl,
    };

    private async Task<long> RowCountAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync();
        var tables = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").ToListAsync();
        long total = 0;
        foreach (var table in tables)
        {
#pragma warning disable EF1002 // Table names come from sqlite_master, not from input.
            total += await db.Database.SqlQueryRaw<long>($"SELECT COUNT(*) AS Value FROM \"{table}\"").SingleAsync();
#pragma warning restore EF1002
        }

        return total;
    }

    [Fact]
    public async Task Zerodha_tells_unknown_key_wrong_secret_and_good_credentials_apart_and_stores_nothing()
    {
        using var client = await ClientAsync();
        var canarySecret = "canary-kite-secret-" + Guid.NewGuid().ToString("N");
        var before = await RowCountAsync();

        using var unknownKey = await ValidateAsync(client, Kite("unknownkey01", canarySecret));
        await ApiAssert.ProblemAsync(unknownKey, HttpStatusCode.UnprocessableEntity, ApiProblems.CredentialsRejected, "does not know this API key");
        var checks = await ChecksAsync(unknownKey);
        Assert.Equal("failed", checks["api_key"]);
        Assert.Equal("not-checked", checks["api_secret"]);

        using var wrongSecret = await ValidateAsync(client, Kite(KiteSandboxHost.ApiKey, canarySecret));
        await ApiAssert.ProblemAsync(wrongSecret, HttpStatusCode.UnprocessableEntity, ApiProblems.CredentialsRejected, "API secret is wrong");
        checks = await ChecksAsync(wrongSecret);
        Assert.Equal("passed", checks["api_key"]);
        Assert.Equal("failed", checks["api_secret"]);

        // The right secret meets only "Token is invalid or has expired." for the made-up token: that proves nothing
        // about the secret (Kite may check the token before the checksum), so it is reported as not checked.
        using var good = await ValidateAsync(client, Kite(KiteSandboxHost.ApiKey, KiteSandboxHost.ApiSecret));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        using (var json = JsonDocument.Parse(await good.Content.ReadAsStringAsync()))
        {
            Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
            Assert.Contains("not checked", json.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        checks = await ChecksAsync(good);
        Assert.Equal("passed", checks["api_key"]);
        Assert.Equal("not-checked", checks["api_secret"]);
        Assert.Equal("not-checked", checks["user_id"]);

        // Fields are still checked first, without calling the broker.
        using var bad = await ValidateAsync(client, new { broker = "Zerodha", displayName = "Probe", clientId = "" });
        await ApiAssert.ProblemAsync(bad, HttpStatusCode.BadRequest, ApiProblems.Validation);

        Assert.Equal(before, await RowCountAsync());
        var database = Encoding.UTF8.GetString(app.ReadDatabaseBytes());
        Assert.DoesNotContain(canarySecret, database, StringComparison.Ordinal);
        Assert.DoesNotContain(KiteSandboxHost.ApiSecret, database, StringComparison.Ordinal);
        Assert.DoesNotContain(canarySecret, app.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(KiteSandboxHost.ApiSecret, app.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zerodha_wrong_secret_is_not_called_valid_when_kite_checks_the_token_first()
    {
        using var client = await ClientAsync();

        // This sandbox app answers a made-up token before looking at the checksum, as Kite may.
        using var wrongSecret = await ValidateAsync(client, Kite(CredentialsSandbox.TokenFirstKiteApiKey, "not-the-secret-" + Guid.NewGuid().ToString("N")));

        Assert.Equal(HttpStatusCode.OK, wrongSecret.StatusCode);
        using (var json = JsonDocument.Parse(await wrongSecret.Content.ReadAsStringAsync()))
        {
            Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        }

        var checks = await ChecksAsync(wrongSecret);
        Assert.Equal("passed", checks["api_key"]);
        Assert.Equal("not-checked", checks["api_secret"]);
    }

    [Fact]
    public async Task Angel_one_logs_in_and_out_with_mpin_and_totp_or_reports_the_refusal()
    {
        using var client = await ClientAsync();
        var before = await RowCountAsync();
        object Angel(string mpin) => new
        {
            broker = "AngelOne",
            displayName = "Probe",
            clientId = CredentialsSandbox.AngelClientCode,
            environment = "Sandbox",
            apiKey = CredentialsSandbox.AngelApiKey,
            mpin,
            totpSecret = CredentialsSandbox.AngelTotpSecret,
        };

        using var good = await ValidateAsync(client, Angel(CredentialsSandbox.AngelMpin));
        Assert.True(good.StatusCode == HttpStatusCode.OK, await good.Content.ReadAsStringAsync());
        var checks = await ChecksAsync(good);
        Assert.Equal("passed", checks["login"]);
        Assert.Equal("passed", checks["logout"]);
        Assert.Equal("passed", checks["client_id"]);

        using var wrongMpin = await ValidateAsync(client, Angel("9753"));
        await ApiAssert.ProblemAsync(wrongMpin, HttpStatusCode.UnprocessableEntity, ApiProblems.CredentialsRejected);
        Assert.Equal("failed", (await ChecksAsync(wrongMpin))["login"]);

        Assert.Equal(before, await RowCountAsync());
        var database = Encoding.UTF8.GetString(app.ReadDatabaseBytes());
        Assert.DoesNotContain(CredentialsSandbox.AngelTotpSecret, database, StringComparison.Ordinal);
        Assert.DoesNotContain(CredentialsSandbox.AngelTotpSecret, app.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dhan_checks_the_token_with_a_profile_call_and_fyers_with_validate_authcode()
    {
        using var client = await ClientAsync();
        var before = await RowCountAsync();
        object Dhan(string token) => new
        {
            broker = "Dhan",
            displayName = "Probe",
            clientId = CredentialsSandbox.DhanClientId,
            environment = "Sandbox",
            accessToken = token,
        };

        using var good = await ValidateAsync(client, Dhan(CredentialsSandbox.DhanToken));
        Assert.True(good.StatusCode == HttpStatusCode.OK, await good.Content.ReadAsStringAsync());
        Assert.Equal("passed", (await ChecksAsync(good))["access_token"]);
        var canaryToken = "canary-dhan-token-" + Guid.NewGuid().ToString("N");
        using var wrong = await ValidateAsync(client, Dhan(canaryToken));
        await ApiAssert.ProblemAsync(wrong, HttpStatusCode.UnprocessableEntity, ApiProblems.CredentialsRejected);
        Assert.Equal("failed", (await ChecksAsync(wrong))["access_token"]);

        // Fyers checks the (made-up) code before the hash: reachable, and the secret honestly "not-checked".
        using var fyers = await ValidateAsync(client, new
        {
            broker = "Fyers",
            displayName = "Probe",
            clientId = "FC0001",
            environment = "Sandbox",
            apiKey = CredentialsSandbox.FyersAppId,
            apiSecret = CredentialsSandbox.FyersSecret,
            redirectUrl = "http://localhost:5080/connect/fyers/callback",
        });
        Assert.True(fyers.StatusCode == HttpStatusCode.OK, await fyers.Content.ReadAsStringAsync());
        var checks = await ChecksAsync(fyers);
        Assert.Equal("passed", checks["api"]);
        Assert.Equal("not-checked", checks["app_id_and_secret"]);

        Assert.Equal(before, await RowCountAsync());
        Assert.DoesNotContain(canaryToken, Encoding.UTF8.GetString(app.ReadDatabaseBytes()), StringComparison.Ordinal);
        Assert.DoesNotContain(canaryToken, app.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(CredentialsSandbox.FyersSecret, app.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dhan_pin_totp_mode_logs_in_for_real_and_consent_mode_proves_the_key_and_secret()
    {
        using var client = await ClientAsync();
        var before = await RowCountAsync();
        object Draft(string mode, object fields) => new Dictionary<string, object?>(
            new[] { new KeyValuePair<string, object?>("broker", "Dhan"), new("displayName", "Probe"), new("clientId", CredentialsSandbox.DhanClientId), new("environment", "Sandbox"), new("dhanLoginMode", mode) }
                .Concat(fields.GetType().GetProperties().Select(p => new KeyValuePair<string, object?>(p.Name, p.GetValue(fields)))));

        using var pin = await ValidateAsync(client, Draft("PinTotp", new { mpin = CredentialsSandbox.DhanPin, totpSecret = CredentialsSandbox.DhanTotpSecret }));
        Assert.True(pin.StatusCode == HttpStatusCode.OK, await pin.Content.ReadAsStringAsync());
        var pinChecks = await ChecksAsync(pin);
        Assert.Equal("passed", pinChecks["pin_totp"]);
        Assert.Equal("passed", pinChecks["client_id"]);

        using var wrongPin = await ValidateAsync(client, Draft("PinTotp", new { mpin = "999999", totpSecret = CredentialsSandbox.DhanTotpSecret }));
        await ApiAssert.ProblemAsync(wrongPin, HttpStatusCode.UnprocessableEntity, ApiProblems.CredentialsRejected);
        Assert.Equal("failed", (await ChecksAsync(wrongPin))["pin_totp"]);

        using var consent = await ValidateAsync(client, Draft("ApiKeyConsent", new
        {
            apiKey = CredentialsSandbox.DhanApiKey,
            apiSecret = CredentialsSandbox.DhanApiSecret,
            redirectUrl = "http://localhost:5080/connect/dhan/callback",
        }));
        Assert.True(consent.StatusCode == HttpStatusCode.OK, await consent.Content.ReadAsStringAsync());
        var consentChecks = await ChecksAsync(consent);
        Assert.Equal("passed", consentChecks["api_key_secret"]);
        Assert.Equal("not-checked", consentChecks["login"]);

        var canarySecret = "canary-dhan-secret-" + Guid.NewGuid().ToString("N");
        using var wrongSecret = await ValidateAsync(client, Draft("ApiKeyConsent", new
        {
            apiKey = CredentialsSandbox.DhanApiKey,
            apiSecret = canarySecret,
            redirectUrl = "http://localhost:5080/connect/dhan/callback",
        }));
        await ApiAssert.ProblemAsync(wrongSecret, HttpStatusCode.UnprocessableEntity, ApiProblems.CredentialsRejected);
        Assert.Equal("failed", (await ChecksAsync(wrongSecret))["api_key_secret"]);

        Assert.Equal(before, await RowCountAsync());
        var database = Encoding.UTF8.GetString(app.ReadDatabaseBytes());
        foreach (var secret in new[] { canarySecret, CredentialsSandbox.DhanPin, CredentialsSandbox.DhanTotpSecret, CredentialsSandbox.DhanApiSecret })
        {
            Assert.DoesNotContain(secret, database, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, app.Logs.AllText, StringComparison.Ordinal);
        }
    }
}
