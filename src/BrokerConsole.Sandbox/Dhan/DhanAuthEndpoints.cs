using System.Security.Cryptography;
using System.Text;
using BrokerConsole.Sandbox.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BrokerConsole.Sandbox.Dhan;

/// <summary>
/// The sandbox's <c>auth.dhan.co</c>, under <c>/sandbox/dhan/auth</c> (reference §1.2): the headless PIN + TOTP login
/// (<c>POST app/generateAccessToken</c>, everything in the query string) and the three steps of the API key consent
/// (<c>app/generate-consent</c> with <c>app_id</c>/<c>app_secret</c> headers, the browser page
/// <c>login/consentApp-login</c>, and <c>app/consumeApp-consent</c> by GET or POST). Refusals use the trading API's
/// error shape (sandbox choice: Dhan documents none for this host): 400 DH-905 for missing input, 401 DH-901 for
/// wrong credentials, 429 DH-904 past the daily consent cap.
/// </summary>
internal static class DhanAuthEndpoints
{
    public static void Map(RouteGroupBuilder auth)
    {
        auth.MapPost("/app/generateAccessToken", (HttpContext http, DhanState state) =>
        {
            var q = http.Request.Query;
            if (string.IsNullOrEmpty(q["dhanClientId"]) || string.IsNullOrEmpty(q["pin"]) || string.IsNullOrEmpty(q["totp"]))
            {
                return DhanSandboxEndpoints.Error(400, "Input_Exception", "DH-905", "dhanClientId, pin and totp are required.");
            }

            var user = Authenticate(state, q["dhanClientId"], q["pin"], q["totp"]);
            return user is null
                ? DhanSandboxEndpoints.Error(401, "Invalid_Authentication", "DH-901", "Invalid client id, PIN or TOTP.")
                : TokenAnswer(state, user);
        });

        auth.MapPost("/app/generate-consent", (HttpContext http, DhanState state) =>
        {
            if (App(http, state) is not { } app)
            {
                return DhanSandboxEndpoints.Error(401, "Invalid_Authentication", "DH-901", "Invalid app_id or app_secret.");
            }

            var clientId = http.Request.Query["client_id"].ToString();
            if (state.Options.Users.All(u => u.ClientId != clientId))
            {
                return DhanSandboxEndpoints.Error(400, "Input_Exception", "DH-905", "Invalid client_id.");
            }

            var consent = state.CreateConsent(app.ApiKey, clientId);
            return consent is null
                ? DhanSandboxEndpoints.Error(429, "Rate_Limit", "DH-904", $"Consent limit reached: at most {state.Options.ConsentsPerDay} consents can be generated per day.")
                : Results.Json(new { consentAppId = consent.ConsentAppId, consentAppStatus = "GENERATED", status = "success" }, DhanSandboxEndpoints.Json);
        });

        auth.MapGet("/login/consentApp-login", (HttpContext http, DhanState state) =>
            DhanLoginPage.Render(state, http.Request.Query["consentAppId"], http.Request.Query["error"]));
        auth.MapPost("/login/consentApp-login", ConsentLoginSubmit);

        auth.MapMethods("/app/consumeApp-consent", [HttpMethods.Get, HttpMethods.Post], (HttpContext http, DhanState state) =>
        {
            if (App(http, state) is not { } app)
            {
                return DhanSandboxEndpoints.Error(401, "Invalid_Authentication", "DH-901", "Invalid app_id or app_secret.");
            }

            var consent = state.TakeTokenId(http.Request.Query["tokenId"]);
            if (consent is null || consent.ApiKey != app.ApiKey)
            {
                return DhanSandboxEndpoints.Error(400, "Input_Exception", "DH-905", "Invalid or expired tokenId.");
            }

            return TokenAnswer(state, state.Options.Users.First(u => u.ClientId == consent.ClientId));
        });
    }

    private static async Task<IResult> ConsentLoginSubmit(HttpContext http, DhanState state)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var consentAppId = form["consentAppId"].ToString();
        var consent = state.FindConsent(consentAppId);
        if (consent is null)
        {
            return DhanLoginPage.Render(state, consentAppId, "This consent is unknown or has expired; start again from your app.");
        }

        var app = state.Options.Apps.First(a => a.ApiKey == consent.ApiKey);
        if (form["action"] == "cancel")
        {
            // Sandbox choice: a cancelled consent returns to the app without a tokenId.
            return Results.Redirect(app.RedirectUrl + (app.RedirectUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "status=cancelled");
        }

        var user = Authenticate(state, form["clientId"], form["pin"], form["totp"]);
        if (user is null || user.ClientId != consent.ClientId)
        {
            var back = $"{DhanSandboxEndpoints.Prefix}/auth/login/consentApp-login?consentAppId={Uri.EscapeDataString(consentAppId)}&error={Uri.EscapeDataString(user is null ? "Invalid client id, PIN or TOTP" : "This consent was generated for another client id")}";
            return Results.Redirect(back);
        }

        var tokenId = state.CompleteConsent(consentAppId);
        return tokenId is null
            ? DhanLoginPage.Render(state, consentAppId, "This consent has expired; start again from your app.")
            : Results.Redirect(app.RedirectUrl + (app.RedirectUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "tokenId=" + Uri.EscapeDataString(tokenId));
    }

    private static DhanSandboxUser? Authenticate(DhanState state, string? clientId, string? pin, string? totp)
    {
        var user = state.Options.Users.FirstOrDefault(u => u.ClientId == clientId);
        return user is not null && user.Pin.Length > 0 && Same(user.Pin, pin)
            && SandboxTotp.DecodeSeed(user.TotpSecret) is { Length: > 0 } seed && SandboxTotp.Verify(seed, totp, state.Now)
            ? user
            : null;
    }

    private static DhanSandboxApp? App(HttpContext http, DhanState state)
    {
        var id = http.Request.Headers["app_id"].ToString();
        var secret = http.Request.Headers["app_secret"].ToString();
        return state.Options.Apps.FirstOrDefault(a => a.ApiKey == id && Same(a.ApiSecret, secret));
    }

    private static IResult TokenAnswer(DhanState state, DhanSandboxUser user)
    {
        var (token, grant) = state.Issue(user);
        return Results.Json(new
        {
            dhanClientId = user.ClientId,
            dhanClientName = user.Name,
            dhanClientUcc = "SBX" + user.ClientId[^4..],
            givenPowerOfAttorney = false,
            accessToken = token,
            expiryTime = DhanState.IstIso(grant.ValidUntil),
        }, DhanSandboxEndpoints.Json);
    }

    private static bool Same(string expected, string? given) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));
}
