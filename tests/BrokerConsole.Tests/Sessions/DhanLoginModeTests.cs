using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Sessions;

/// <summary>Dhan's PIN + TOTP login and API key consent, app ↔ Dhan sandbox (real HTTP, auth host under /sandbox/dhan/auth).</summary>
public sealed class DhanLoginModeTests(SharedApp<DhanSandbox> app) : IClassFixture<SharedApp<DhanSandbox>>
{
    private async Task<(AsyncServiceScope Scope, IAccountService Accounts, ISessionService Sessions)> NewActorAsync()
    {
        var userId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        var scope = app.ScopeFor(userId);
        return (scope, scope.ServiceProvider.GetRequiredService<IAccountService>(), scope.ServiceProvider.GetRequiredService<ISessionService>());
    }

    private static Task<AccountSummary> AddPinAccountAsync(IAccountService accounts, string pin = DhanSandbox.Pin) => accounts.CreateAsync(new AccountDraft
    {
        Broker = BrokerKind.Dhan,
        DhanLoginMode = DhanLoginMode.PinTotp,
        DisplayName = "Dhan PIN",
        ClientId = DhanSandbox.PinClientId,
        Environment = AccountEnvironment.Sandbox,
        Mpin = pin,
        TotpSecret = DhanSandbox.PinTotpSecret,
    });

    private static Task<AccountSummary> AddConsentAccountAsync(IAccountService accounts, string apiKey = DhanSandbox.ApiKey, string secret = DhanSandbox.ApiSecret) => accounts.CreateAsync(new AccountDraft
    {
        Broker = BrokerKind.Dhan,
        DhanLoginMode = DhanLoginMode.ApiKeyConsent,
        DisplayName = "Dhan consent",
        ClientId = DhanSandbox.ConsentClientId,
        Environment = AccountEnvironment.Sandbox,
        ApiKey = apiKey,
        ApiSecret = secret,
    });

    /// <summary>What the popup's browser does on Dhan's page: log in, and come back with tokenId (or without, on cancel).</summary>
    private async Task<Dictionary<string, string>> LogInOnConsentPageAsync(Uri loginUri, string pin = DhanSandbox.ConsentPin, string action = "login")
    {
        using var page = await app.Sandbox.Client.GetAsync(loginUri);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var consentAppId = QueryHelpers.ParseQuery(loginUri.Query)["consentAppId"].ToString();
        Assert.Contains(consentAppId, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["consentAppId"] = consentAppId,
            ["clientId"] = DhanSandbox.ConsentClientId,
            ["pin"] = pin,
            ["totp"] = TotpSeed.Parse(DhanSandbox.ConsentTotpSecret).CodeAt(app.Clock.GetUtcNow()).Value,
            ["action"] = action,
        });
        using var response = await app.Sandbox.Client.PostAsync(loginUri, form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        if (!location.IsAbsoluteUri)
        {
            return new Dictionary<string, string> { ["error-page"] = location.ToString() };
        }

        Assert.StartsWith(DhanSandbox.RedirectUrl, location.ToString(), StringComparison.Ordinal);
        return QueryHelpers.ParseQuery(location.Query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    [Fact]
    public async Task PinTotp_connects_without_a_popup_for_24_hours_and_reads_holdings()
    {
        var (scope, accounts, sessions) = await NewActorAsync();
        await using var _ = scope;
        var account = await AddPinAccountAsync(accounts);
        Assert.False(scope.ServiceProvider.GetRequiredService<IBrokerModules>().LogsInWithPopup(account));

        var result = await sessions.ConnectDirectAsync(account.Id);

        Assert.True(result.Succeeded, result.Message);
        var view = await sessions.GetViewAsync(account.Id);
        Assert.Equal(DhanSandbox.PinClientId, view.BrokerUserId);
        Assert.Equal(TimeSpan.FromHours(24), view.ExpiresAt!.Value - app.Clock.GetUtcNow());
        var holding = Assert.Single(await sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetHoldingsAsync(ct)));
        Assert.Equal(("HDFCBANK", 5, 1600m, "INE040A01034"), (holding.TradingSymbol, holding.Quantity, holding.AveragePrice, holding.Isin));
    }

    [Fact]
    public async Task PinTotp_with_a_wrong_pin_fails_with_the_cause_and_keeps_the_current_session()
    {
        var (scope, accounts, sessions) = await NewActorAsync();
        await using var _ = scope;
        var account = await AddPinAccountAsync(accounts);
        Assert.True((await sessions.ConnectDirectAsync(account.Id)).Succeeded);
        var before = await sessions.GetViewAsync(account.Id);
        var draft = await accounts.GetDraftAsync(account.Id);
        Assert.Equal(DhanLoginMode.PinTotp, draft.DhanLoginMode);
        draft.Mpin = "999999";
        await accounts.UpdateAsync(account.Id, draft);

        var result = await sessions.ConnectDirectAsync(account.Id);

        Assert.False(result.Succeeded);
        Assert.Contains("check the client id, 6-digit PIN and TOTP secret", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("999999", result.Message, StringComparison.Ordinal);
        var after = await sessions.GetViewAsync(account.Id);
        Assert.Equal((before.State, before.LoginTime, before.ExpiresAt), (after.State, after.LoginTime, after.ExpiresAt));
    }

    [Fact]
    public async Task Consent_popup_flow_generates_logs_in_and_consumes_the_token_id()
    {
        var (scope, accounts, sessions) = await NewActorAsync();
        await using var _ = scope;
        var account = await AddConsentAccountAsync(accounts);
        Assert.True(scope.ServiceProvider.GetRequiredService<IBrokerModules>().LogsInWithPopup(account));

        var start = await sessions.StartPopupLoginAsync(account.Id);
        Assert.StartsWith(app.SandboxRoot + "/dhan/auth/login/consentApp-login?consentAppId=", start.LoginUri.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(start.State, start.LoginUri.ToString(), StringComparison.Ordinal);
        var back = await LogInOnConsentPageAsync(start.LoginUri);
        var result = await sessions.CompleteDhanLoginAsync(start.State, back["tokenId"]);

        Assert.True(result.Succeeded, result.Message);
        var view = await sessions.GetViewAsync(account.Id);
        Assert.Equal(SessionState.Active, view.State);
        Assert.Equal(DhanSandbox.ConsentClientId, view.BrokerUserId);
        Assert.Equal(TimeSpan.FromHours(24), view.ExpiresAt!.Value - app.Clock.GetUtcNow());
        Assert.NotNull(await sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetOrdersAsync(ct)));

        // The state and the tokenId are single use.
        Assert.Equal(LoginOutcomeKind.InvalidState, (await sessions.CompleteDhanLoginAsync(start.State, back["tokenId"])).Outcome);
        Assert.Equal(LoginOutcomeKind.InvalidState, (await sessions.CompleteDhanLoginAsync("forged-state", back["tokenId"])).Outcome);
        await Assert.ThrowsAsync<LoginNotPossibleException>(() => sessions.ConnectDirectAsync(account.Id));
    }

    [Fact]
    public async Task Consent_cancelled_on_dhans_page_leaves_the_account_unchanged()
    {
        var (scope, accounts, sessions) = await NewActorAsync();
        await using var _ = scope;
        var account = await AddConsentAccountAsync(accounts);

        var start = await sessions.StartPopupLoginAsync(account.Id);
        var back = await LogInOnConsentPageAsync(start.LoginUri, action: "cancel");
        var result = await sessions.CompleteDhanLoginAsync(start.State, back.GetValueOrDefault("tokenId"));

        Assert.Equal(LoginOutcomeKind.Cancelled, result.Outcome);
        Assert.Equal(SessionState.None, (await sessions.GetViewAsync(account.Id)).State);
    }

    [Fact]
    public async Task Consent_with_a_wrong_secret_is_refused_before_any_attempt_is_recorded()
    {
        var (scope, accounts, sessions) = await NewActorAsync();
        await using var _ = scope;
        var account = await AddConsentAccountAsync(accounts, secret: "wrong-dhan-secret-1");

        var error = await Assert.ThrowsAsync<BrokerRejectedException>(() => sessions.StartPopupLoginAsync(account.Id));

        Assert.Contains("Invalid app_id or app_secret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-dhan-secret-1", error.Message, StringComparison.Ordinal);
        Assert.Equal(SessionState.None, (await sessions.GetViewAsync(account.Id)).State);
    }

    [Fact]
    public async Task Consent_is_capped_at_25_a_day_per_api_key()
    {
        var (scope, accounts, sessions) = await NewActorAsync();
        await using var _ = scope;
        for (var i = 0; i < 25; i++)
        {
            using var ok = await GenerateConsentAsync(DhanSandbox.CappedApiKey, DhanSandbox.CappedApiSecret);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            using var body = JsonDocument.Parse(await ok.Content.ReadAsStringAsync());
            Assert.Equal("GENERATED", body.RootElement.GetProperty("consentAppStatus").GetString());
            Assert.Equal("success", body.RootElement.GetProperty("status").GetString());
        }

        var account = await AddConsentAccountAsync(accounts, DhanSandbox.CappedApiKey, DhanSandbox.CappedApiSecret);
        var error = await Assert.ThrowsAsync<RateLimitedException>(() => sessions.StartPopupLoginAsync(account.Id));
        Assert.Equal("DH-904", error.ErrorCode);
        Assert.Contains("at most 25 consents", error.Message, StringComparison.Ordinal);

        // The cap is per API key: another key still consents.
        using var other = await GenerateConsentAsync(DhanSandbox.ApiKey, DhanSandbox.ApiSecret);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Consume_accepts_post_as_well_as_get()
    {
        using var generated = await GenerateConsentAsync(DhanSandbox.ApiKey, DhanSandbox.ApiSecret);
        using var doc = JsonDocument.Parse(await generated.Content.ReadAsStringAsync());
        var loginUri = new Uri($"{app.SandboxRoot}/dhan/auth/login/consentApp-login?consentAppId={doc.RootElement.GetProperty("consentAppId").GetString()}");
        var back = await LogInOnConsentPageAsync(loginUri);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{app.SandboxRoot}/dhan/auth/app/consumeApp-consent?tokenId={Uri.EscapeDataString(back["tokenId"])}");
        request.Headers.Add("app_id", DhanSandbox.ApiKey);
        request.Headers.Add("app_secret", DhanSandbox.ApiSecret);
        using var consumed = await app.Sandbox.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, consumed.StatusCode);
        var token = await consumed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(DhanSandbox.ConsentClientId, token.GetProperty("dhanClientId").GetString());
        Assert.False(string.IsNullOrEmpty(token.GetProperty("accessToken").GetString()));
        Assert.Matches("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$", token.GetProperty("expiryTime").GetString());
    }

    private async Task<HttpResponseMessage> GenerateConsentAsync(string apiKey, string apiSecret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{app.SandboxRoot}/dhan/auth/app/generate-consent?client_id={DhanSandbox.ConsentClientId}");
        request.Headers.Add("app_id", apiKey);
        request.Headers.Add("app_secret", apiSecret);
        return await app.Sandbox.Client.SendAsync(request);
    }

    [Fact]
    public async Task Canary_dhan_pin_totp_secret_api_secret_and_tokens_never_reach_logs_or_the_database_in_plaintext()
    {
        var (scope, accounts, sessions) = await NewActorAsync();
        await using var _ = scope;
        var pinAccount = await AddPinAccountAsync(accounts);
        var consentAccount = await AddConsentAccountAsync(accounts);
        Assert.True((await sessions.ConnectDirectAsync(pinAccount.Id)).Succeeded);
        var start = await sessions.StartPopupLoginAsync(consentAccount.Id);
        var back = await LogInOnConsentPageAsync(start.LoginUri);
        Assert.True((await sessions.CompleteDhanLoginAsync(start.State, back["tokenId"])).Succeeded);
        var pinToken = await sessions.RevealAccessTokenAsync(pinAccount.Id);
        var consentToken = await sessions.RevealAccessTokenAsync(consentAccount.Id);
        var totpNow = TotpSeed.Parse(DhanSandbox.PinTotpSecret).CodeAt(app.Clock.GetUtcNow()).Value;

        var logs = app.Logs.AllText;
        // The log lines of both auth calls are there (so this scan looks at them), with the path and not the query.
        Assert.Contains("/app/generateAccessToken answered 200", logs, StringComparison.Ordinal);
        Assert.Contains("/app/consumeApp-consent answered 200", logs, StringComparison.Ordinal);
        string[] canaries = [DhanSandbox.Pin, DhanSandbox.PinTotpSecret, DhanSandbox.ApiSecret, pinToken, consentToken, back["tokenId"], start.State, "pin=" + totpNow, "totp=" + totpNow];
        var database = app.ReadDatabaseBytes();
        foreach (var canary in canaries)
        {
            Assert.DoesNotContain(canary, logs, StringComparison.Ordinal);
            Assert.True(database.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(canary)) < 0, $"'{canary}' found in the database file.");
        }
    }
}
