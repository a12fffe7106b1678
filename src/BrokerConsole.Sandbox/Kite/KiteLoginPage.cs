using System.Net;
using BrokerConsole.Sandbox.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Sandbox.Kite;

/// <summary>
/// The browser half of the login flow (reference §1): <c>GET /connect/login?v=3&amp;api_key=…[&amp;redirect_params=…]</c>
/// shows a user id / password step; a right password leads to a separate TOTP step whose 6-digit field submits
/// itself once complete (the shape of Kite's own web login; the reference documents only "login with TOTP 2FA",
/// so the two steps and the auto-submit are a sandbox choice). A good code 302-redirects to the app's registered
/// redirect URL with <c>action=login&amp;type=login&amp;status=success&amp;request_token=…</c> plus the decoded
/// redirect_params. Sandbox choices: "Cancel" redirects with <c>status=cancelled</c> and no request_token (real Kite
/// leaves non-success statuses undocumented); a script may POST <c>userid</c>, <c>password</c> and <c>totp</c> in one
/// request (no page offers that). Reserved keys inside redirect_params are not allowed to override ours.
/// </summary>
internal static class KiteLoginPage
{
    private static readonly HashSet<string> _reserved = new(StringComparer.OrdinalIgnoreCase) { "action", "type", "status", "request_token" };

    private const string WrongTotp = "Invalid TOTP. Enter the current 6-digit code from your authenticator app.";

    public static void Map(RouteGroupBuilder root)
    {
        root.MapGet("/connect/login", (HttpContext http, IOptions<SandboxOptions> options) =>
        {
            var apiKey = http.Request.Query["api_key"].ToString();
            return FindApp(options.Value, apiKey) is null
                ? UnknownApp(apiKey)
                : PasswordStep(http, apiKey, http.Request.Query["redirect_params"].ToString(), null, null);
        });

        root.MapPost("/connect/login", async (HttpContext http, IOptions<SandboxOptions> options, KiteSessionStore sessions, KiteLoginTickets tickets, TimeProvider clock) =>
        {
            var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : FormCollection.Empty;
            var apiKey = form["api_key"].ToString();
            var redirectParams = form["redirect_params"].ToString();
            var app = FindApp(options.Value, apiKey);
            if (app is null)
            {
                return UnknownApp(apiKey);
            }

            if (form["action"] == "cancel")
            {
                return Results.Redirect(RedirectUrl(app, redirectParams, ("status", "cancelled")));
            }

            KiteSandboxUser? user;
            var ticket = form["ticket"].ToString();
            if (form["step"] == "totp")
            {
                var ticketUser = tickets.Find(apiKey, ticket);
                user = ticketUser is null ? null : options.Value.Kite.Users.FirstOrDefault(u => u.UserId == ticketUser);
                if (user is null)
                {
                    return PasswordStep(http, apiKey, redirectParams, null, "The login took too long. Enter your user ID and password again.");
                }
            }
            else
            {
                var userId = form["userid"].ToString().Trim();
                user = options.Value.Kite.Users.FirstOrDefault(u => string.Equals(u.UserId, userId, StringComparison.OrdinalIgnoreCase));
                if (user is null || !string.Equals(user.Password, form["password"].ToString(), StringComparison.Ordinal))
                {
                    return PasswordStep(http, apiKey, redirectParams, userId, "Invalid user ID or password.");
                }

                if (!form.ContainsKey("totp"))
                {
                    return TotpStep(http, apiKey, redirectParams, user, tickets.Issue(apiKey, user.UserId), null);
                }
            }

            if (!SandboxTotp.Verify(SandboxTotp.DecodeSeed(user.TotpSecret)!, form["totp"].ToString().Trim(), clock.GetUtcNow()))
            {
                return form["step"] == "totp"
                    ? TotpStep(http, apiKey, redirectParams, user, ticket, WrongTotp)
                    : PasswordStep(http, apiKey, redirectParams, user.UserId, WrongTotp);
            }

            tickets.Consume(ticket);
            var token = sessions.IssueRequestToken(app.ApiKey, user.UserId);
            return Results.Redirect(RedirectUrl(app, redirectParams, ("status", "success"), ("request_token", token)));
        });
    }

    private static KiteSandboxApp? FindApp(SandboxOptions options, string apiKey) =>
        options.Kite.Apps.FirstOrDefault(a => string.Equals(a.ApiKey, apiKey, StringComparison.Ordinal));

    private static string RedirectUrl(KiteSandboxApp app, string redirectParams, params (string Key, string Value)[] outcome)
    {
        var pairs = new List<KeyValuePair<string, string?>> { new("action", "login"), new("type", "login") };
        pairs.AddRange(outcome.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)));
        foreach (var (key, values) in QueryHelpers.ParseQuery(redirectParams))
        {
            if (!_reserved.Contains(key))
            {
                pairs.AddRange(values.Select(v => new KeyValuePair<string, string?>(key, v)));
            }
        }

        return QueryHelpers.AddQueryString(app.RedirectUrl, pairs);
    }

    private static IResult UnknownApp(string apiKey) => Html(StatusCodes.Status400BadRequest, "Invalid API key",
        $"<p class=\"error\" id=\"login-error\">The api_key <code>{WebUtility.HtmlEncode(apiKey)}</code> is not a registered Kite Connect app.</p>");

    /// <summary>The demo users' credentials and current codes, for users configured with <c>ShowOnLoginPage</c>.</summary>
    private static string DemoHint(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<SandboxOptions>>().Value;
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var rows = options.Kite.Users.Where(u => u.ShowOnLoginPage).Select(u =>
        {
            var code = SandboxTotp.CodeAt(SandboxTotp.DecodeSeed(u.TotpSecret)!, now);
            return $"<tr><td><code>{WebUtility.HtmlEncode(u.UserId)}</code></td><td><code>{WebUtility.HtmlEncode(u.Password)}</code></td><td><code class=\"demo-totp\" data-user=\"{WebUtility.HtmlEncode(u.UserId)}\">{code}</code></td></tr>";
        }).ToList();
        if (rows.Count == 0)
        {
            return "";
        }

        var secondsLeft = 30 - (int)(now.ToUnixTimeSeconds() % 30);
        return $"""
            <div class="demo" id="demo-users"><strong>Demo users</strong> (sandbox only; codes change every 30 s, this one for {secondsLeft} s more: reload for a new one)
            <table><tr><th>User ID</th><th>Password</th><th>TOTP now</th></tr>{string.Concat(rows)}</table></div>
            """;
    }

    private static string Hidden(string apiKey, string redirectParams) => $"""
          <input type="hidden" name="api_key" value="{WebUtility.HtmlEncode(apiKey)}">
          <input type="hidden" name="redirect_params" value="{WebUtility.HtmlEncode(redirectParams)}">
        """;

    private static string Error(string? error) => error is null ? "" : $"<p class=\"error\" id=\"login-error\" role=\"alert\">{WebUtility.HtmlEncode(error)}</p>";

    /// <summary>Step 1. The autocomplete names let a password manager offer the saved user id and password.</summary>
    private static IResult PasswordStep(HttpContext http, string apiKey, string redirectParams, string? userId, string? error)
    {
        var action = WebUtility.HtmlEncode($"{http.Request.PathBase}{http.Request.Path}");
        var body = $"""
            <form method="post" action="{action}" id="password-form">
              {Hidden(apiKey, redirectParams)}
              {Error(error)}
              <label for="userid">User ID</label>
              <input id="userid" name="userid" autocomplete="username" value="{WebUtility.HtmlEncode(userId ?? "")}" required{(userId is null ? " autofocus" : "")}>
              <label for="password">Password</label>
              <input id="password" name="password" type="password" autocomplete="current-password" required{(userId is null ? "" : " autofocus")}>
              <button id="login-submit" type="submit" name="action" value="login">Login</button>
              <button id="login-cancel" type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
            </form>
            {DemoHint(http)}
            """;
        return Html(error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, "Login to Kite (sandbox)", body);
    }

    /// <summary>
    /// Step 2: one 6-digit field that submits the form itself when the sixth digit is typed or a code is pasted,
    /// so the code is the last thing the user does here. A wrong code shows this step again with the field empty.
    /// </summary>
    private static IResult TotpStep(HttpContext http, string apiKey, string redirectParams, KiteSandboxUser user, string ticket, string? error)
    {
        var action = WebUtility.HtmlEncode($"{http.Request.PathBase}{http.Request.Path}");
        var body = $$"""
            <form method="post" action="{{action}}" id="totp-form" autocomplete="off">
              {{Hidden(apiKey, redirectParams)}}
              <input type="hidden" name="step" value="totp">
              <input type="hidden" name="ticket" value="{{WebUtility.HtmlEncode(ticket)}}">
              <p id="totp-user">Logging in as <strong>{{WebUtility.HtmlEncode(user.UserId)}}</strong></p>
              {{Error(error)}}
              <label for="totp">External TOTP</label>
              <input id="totp" name="totp" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required autofocus>
              <button id="totp-submit" type="submit">Continue</button>
              <button id="login-cancel" type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
            </form>
            <script>
              (function () {
                var field = document.getElementById('totp');
                field.addEventListener('input', function () {
                  if (/^[0-9]{6}$/.test(field.value)) { document.getElementById('totp-form').requestSubmit(); }
                });
              })();
            </script>
            {{DemoHint(http)}}
            """;
        return Html(error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, "Login to Kite (sandbox)", body);
    }

    private static IResult Html(int status, string title, string body) => Results.Content($$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{{title}}</title>
        <style>body{font-family:sans-serif;max-width:22rem;margin:3rem auto}label,input,button{display:block;width:100%;box-sizing:border-box;margin:.3rem 0}
        .error{color:#b00020}.demo{margin-top:1.5rem;background:#eef2ff;padding:.6rem;font-size:.85rem}.demo table{width:100%;margin-top:.4rem}.demo td,.demo th{text-align:left;padding:.1rem .3rem}.banner{background:#fff3cd;padding:.4rem}</style></head>
        <body><p class="banner">Kite Connect <strong>sandbox</strong>: no real broker is contacted.</p>
        <h1>{{title}}</h1>{{body}}</body></html>
        """, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
}
