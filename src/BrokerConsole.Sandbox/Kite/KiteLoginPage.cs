using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Sandbox.Kite;

/// <summary>
/// The browser half of the login flow (reference §1): <c>GET /connect/login?v=3&amp;api_key=…[&amp;redirect_params=…]</c>
/// shows a user id / password / TOTP form; a good POST 302-redirects to the app's registered redirect URL with
/// <c>action=login&amp;type=login&amp;status=success&amp;request_token=…</c> plus the decoded redirect_params.
/// Sandbox choice: "Cancel" redirects with <c>status=cancelled</c> and no request_token (real Kite leaves
/// non-success statuses undocumented). Reserved keys inside redirect_params are not allowed to override ours.
/// </summary>
internal static class KiteLoginPage
{
    private static readonly HashSet<string> _reserved = new(StringComparer.OrdinalIgnoreCase) { "action", "type", "status", "request_token" };

    public static void Map(RouteGroupBuilder root)
    {
        root.MapGet("/connect/login", (HttpContext http, IOptions<SandboxOptions> options) =>
        {
            var apiKey = http.Request.Query["api_key"].ToString();
            return FindApp(options.Value, apiKey) is null
                ? UnknownApp(apiKey)
                : Form(http, apiKey, http.Request.Query["redirect_params"].ToString(), null, null);
        });

        root.MapPost("/connect/login", async (HttpContext http, IOptions<SandboxOptions> options, KiteSessionStore sessions, TimeProvider clock) =>
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

            var userId = form["userid"].ToString().Trim();
            var user = options.Value.Kite.Users.FirstOrDefault(u => string.Equals(u.UserId, userId, StringComparison.OrdinalIgnoreCase));
            if (user is null || !string.Equals(user.Password, form["password"].ToString(), StringComparison.Ordinal))
            {
                return Form(http, apiKey, redirectParams, userId, "Invalid user ID or password.");
            }

            if (!KiteTotp.Verify(KiteTotp.DecodeBase32(user.TotpSecret)!, form["totp"].ToString().Trim(), clock.GetUtcNow()))
            {
                return Form(http, apiKey, redirectParams, userId, "Invalid TOTP. Enter the current 6-digit code from your authenticator app.");
            }

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
            var code = KiteTotp.Compute(KiteTotp.DecodeBase32(u.TotpSecret)!, now.ToUnixTimeSeconds() / 30);
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

    private static IResult Form(HttpContext http, string apiKey, string redirectParams, string? userId, string? error)
    {
        var action = WebUtility.HtmlEncode($"{http.Request.PathBase}{http.Request.Path}");
        var message = error is null ? "" : $"<p class=\"error\" id=\"login-error\">{WebUtility.HtmlEncode(error)}</p>";
        var body = $"""
            <form method="post" action="{action}" autocomplete="off">
              <input type="hidden" name="api_key" value="{WebUtility.HtmlEncode(apiKey)}">
              <input type="hidden" name="redirect_params" value="{WebUtility.HtmlEncode(redirectParams)}">
              {message}
              <label for="userid">User ID</label>
              <input id="userid" name="userid" value="{WebUtility.HtmlEncode(userId ?? "")}" required>
              <label for="password">Password</label>
              <input id="password" name="password" type="password" required>
              <label for="totp">TOTP</label>
              <input id="totp" name="totp" inputmode="numeric" pattern="[0-9][0-9][0-9][0-9][0-9][0-9]" maxlength="6" required>
              <button id="login-submit" type="submit" name="action" value="login">Login</button>
              <button id="login-cancel" type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
            </form>
            {DemoHint(http)}
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
