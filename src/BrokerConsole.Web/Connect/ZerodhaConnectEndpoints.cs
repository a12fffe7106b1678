using System.Text.Encodings.Web;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Sessions;

namespace BrokerConsole.Web.Connect;

/// <summary>
/// The two ends of the Kite and Fyers popup logins (<c>/connect/{zerodha|fyers}/start</c> and each broker's callback). <c>start</c> is the popup's first URL (so the browser opens
/// the window inside the user's click, where popup blockers allow it); <c>callback</c> is the redirect
/// URL registered with Kite. Both need the signed-in user's cookie.
/// </summary>
internal static class ZerodhaConnectEndpoints
{
    public const string CallbackPath = "/connect/zerodha/callback";

    public const string FyersCallbackPath = "/connect/fyers/callback";

    public static IEndpointRouteBuilder MapZerodhaConnect(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/connect/{broker:regex(^(zerodha|fyers)$)}/start", async (Guid accountId, ISessionService sessions, CancellationToken cancellationToken) =>
        {
            try
            {
                var loginUri = await sessions.BeginPopupLoginAsync(accountId, cancellationToken);
                return Results.Redirect(loginUri.ToString());
            }
            catch (Exception ex) when (ex is AccountNotFoundException or LoginNotPossibleException or InvalidOperationException)
            {
                return PopupResult(new LoginResult(LoginOutcomeKind.InvalidState, accountId, ex.Message));
            }
        });

        endpoints.MapGet(CallbackPath, async (HttpRequest request, ISessionService sessions, CancellationToken cancellationToken) =>
        {
            var query = request.Query;
            var result = await sessions.CompleteZerodhaLoginAsync(query["state"], query["status"], query["request_token"], cancellationToken);
            return PopupResult(result);
        });

        // Fyers redirects with s=ok&code=200&auth_code=…&state=… (reference §2.2).
        endpoints.MapGet(FyersCallbackPath, async (HttpRequest request, ISessionService sessions, CancellationToken cancellationToken) =>
        {
            var query = request.Query;
            return PopupResult(await sessions.CompleteFyersLoginAsync(query["state"], query["s"], query["auth_code"], cancellationToken));
        });

        return endpoints;
    }

    /// <summary>
    /// The page the popup ends on: says what happened, tells the opener, and closes itself. The opener's
    /// card is updated by the server-side notifier, so this page carries no token and no account data.
    /// </summary>
    internal static IResult PopupResult(LoginResult result)
    {
        var encoder = HtmlEncoder.Default;
        var title = result.Outcome switch
        {
            LoginOutcomeKind.Connected => "Connected",
            LoginOutcomeKind.Cancelled => "Login cancelled",
            _ => "Login did not complete",
        };
        var payload = System.Text.Json.JsonSerializer.Serialize(new
        {
            source = "brokerconsole-login",
            accountId = result.AccountId,
            outcome = result.Outcome.ToString(),
        });
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{encoder.Encode(title)}} · BrokerConsole</title>
            <style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2937}h1{font-size:1.3rem}.ok{color:#1b8a3a}.bad{color:#c53030}</style></head>
            <body data-login-outcome="{{result.Outcome}}" data-succeeded="{{(result.Succeeded ? "true" : "false")}}" data-payload="{{encoder.Encode(payload)}}">
            <h1 class="{{(result.Succeeded ? "ok" : "bad")}}">{{encoder.Encode(title)}}</h1>
            <p id="message">{{encoder.Encode(result.Message)}}</p>
            <p id="closing">This window closes by itself. <a href="/accounts">Back to your accounts</a></p>
            <script src="/js/popup-result.js"></script>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }
}
