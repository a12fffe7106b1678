using System.Text.Encodings.Web;
using BrokerConsole.Core.Sessions;

namespace BrokerConsole.Web.Connect;

/// <summary>The page every popup login ends on, whatever the broker.</summary>
internal static class LoginResultPage
{
    /// <summary>
    /// The page the popup ends on: says what happened, tells the opener, and closes itself. The opener's
    /// card is updated by the server-side notifier, so this page carries no token and no account data.
    /// </summary>
    internal static IResult For(LoginResult result)
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
