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
            <body data-login-outcome="{{result.Outcome}}">
            <h1 class="{{(result.Succeeded ? "ok" : "bad")}}">{{encoder.Encode(title)}}</h1>
            <p id="message">{{encoder.Encode(result.Message)}}</p>
            <p id="closing">This window closes by itself. <a href="/accounts">Back to your accounts</a></p>
            <script>
              (function () {
                var payload = {{payload}};
                if (window.opener && !window.opener.closed) {
                  try { window.opener.postMessage(payload, window.location.origin); } catch (e) { }
                  // The "Log in all" pass reuses its window for the next account and navigates it from there;
                  // it is closed here only if the pass has not done so after a while (e.g. its tab went away).
                  var kept = window.name === 'bc-login-pass' && {{(result.Succeeded ? "true" : "false")}};
                  if (kept) { document.getElementById('closing').textContent = 'The next account of your pass opens here.'; }
                  setTimeout(function () { window.close(); }, kept ? 30000 : {{(result.Succeeded ? 400 : 2500)}});
                } else {
                  document.getElementById('closing').textContent = '';
                  var back = document.createElement('a'); back.href = '/accounts'; back.textContent = 'Back to your accounts';
                  document.getElementById('closing').appendChild(back);
                }
              })();
            </script>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }
}
