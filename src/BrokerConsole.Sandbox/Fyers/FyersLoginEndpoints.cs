using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using BrokerConsole.Sandbox.Shared;
using Microsoft.AspNetCore.Http;

namespace BrokerConsole.Sandbox.Fyers;

/// <summary>
/// The browser half of the Fyers login (generate-authcode page and form) and validate-authcode with
/// <c>appIdHash</c> = hex SHA-256 of <c>app_id:app_secret</c> (reference §2.2).
/// </summary>
internal static class FyersLoginEndpoints
{
    public static IResult LoginPage(HttpContext http, FyersState state, TimeProvider clock)
    {
        var q = http.Request.Query;
        var app = state.Options.Apps.FirstOrDefault(a => a.AppId == q["client_id"]);
        if (app is null || q["response_type"] != "code" || !string.Equals(app.RedirectUrl, q["redirect_uri"], StringComparison.Ordinal))
        {
            return Results.Content("<!DOCTYPE html><html><body><h1>Invalid app id or redirect URI</h1></body></html>", "text/html; charset=utf-8", statusCode: 400);
        }

        var e = HtmlEncoder.Default;
        var demo = new StringBuilder();
        foreach (var user in state.Options.Users.Where(u => u.ShowOnLoginPage))
        {
            var code = SandboxTotp.CodeAt(SandboxTotp.DecodeSeed(user.TotpSecret)!, clock.GetUtcNow());
            demo.Append(CultureInfo.InvariantCulture, $"<li>{e.Encode(user.Name)}: id <code>{e.Encode(user.FyId)}</code>, PIN <code>{e.Encode(user.Pin)}</code>, TOTP now <code class=\"demo-totp\" data-user=\"{e.Encode(user.FyId)}\">{code}</code></li>");
        }

        var html = $$"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>FYERS sandbox login</title>
            <style>body{font-family:system-ui,sans-serif;max-width:26rem;margin:2rem auto}label{display:block;margin-top:.6rem}input{width:100%;padding:.4rem}.demo{background:#f3f4f6;padding:.6rem;margin-top:1rem;font-size:.9rem}</style></head>
            <body><h1>FYERS (sandbox)</h1><p>Log in to authorise <code>{{e.Encode(app.AppId)}}</code>.</p>
            <form method="post">
            <input type="hidden" name="client_id" value="{{e.Encode(app.AppId)}}"><input type="hidden" name="state" value="{{e.Encode(q["state"].ToString())}}">
            <label>FYERS id <input id="fy_id" name="fy_id" autocomplete="off"></label>
            <label>TOTP <input id="totp" name="totp" autocomplete="off" inputmode="numeric"></label>
            <label>PIN <input id="pin" name="pin" type="password"></label>
            <p><button id="login-submit" name="action" value="login">Log in</button> <button id="login-cancel" name="action" value="cancel">Cancel</button></p>
            <p id="error">{{e.Encode(q["error"].ToString())}}</p></form>
            {{(demo.Length > 0 ? "<div class=\"demo\"><strong>Demo users</strong><ul>" + demo + "</ul></div>" : "")}}
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    public static async Task<IResult> LoginSubmit(HttpContext http, FyersState state)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var app = state.Options.Apps.FirstOrDefault(a => a.AppId == form["client_id"]);
        if (app is null)
        {
            return Results.BadRequest();
        }

        var stateValue = Uri.EscapeDataString(form["state"].ToString());
        if (form["action"] == "cancel")
        {
            return Results.Redirect($"{app.RedirectUrl}?s=error&code=-1&message=cancelled&state={stateValue}");
        }

        var user = state.Options.Users.FirstOrDefault(u => string.Equals(u.FyId, form["fy_id"], StringComparison.OrdinalIgnoreCase));
        if (user is null || user.Pin != form["pin"] || !SandboxTotp.Verify(SandboxTotp.DecodeSeed(user.TotpSecret)!, form["totp"], state.Now))
        {
            var back = $"{FyersSandboxEndpoints.Prefix}/api/v3/generate-authcode?client_id={Uri.EscapeDataString(app.AppId)}&redirect_uri={Uri.EscapeDataString(app.RedirectUrl)}&response_type=code&state={stateValue}&error={Uri.EscapeDataString("Invalid id, TOTP or PIN")}";
            return Results.Redirect(back);
        }

        var code = state.IssueCode(app.AppId, user.FyId);
        return Results.Redirect($"{app.RedirectUrl}?s=ok&code=200&auth_code={Uri.EscapeDataString(code)}&state={stateValue}");
    }

    public static async Task<IResult> ValidateAuthCode(HttpContext http, FyersState state)
    {
        JsonElement body;
        try
        {
            body = (await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted)).RootElement;
        }
        catch (JsonException)
        {
            return FyersSandboxEndpoints.Error(400, -50, "Invalid JSON");
        }

        var code = body.TryGetProperty("code", out var c) ? c.GetString() : null;
        var hash = body.TryGetProperty("appIdHash", out var h) ? h.GetString() : null;
        if (body.TryGetProperty("grant_type", out var g) is false || g.GetString() != "authorization_code" || code is null)
        {
            return FyersSandboxEndpoints.Error(400, -50, "Invalid grant_type or code");
        }

        var issued = state.TakeCode(code);
        if (issued is null)
        {
            return FyersSandboxEndpoints.Error(400, -437, "invalid auth code");
        }

        var app = state.Options.Apps.First(a => a.AppId == issued.Value.AppId);
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(app.AppId + ":" + app.Secret)));
        if (!string.Equals(hash, expected, StringComparison.Ordinal))
        {
            return FyersSandboxEndpoints.Error(400, -371, "invalid app id hash");
        }

        var session = state.Issue(app.AppId, issued.Value.FyId);
        return FyersSandboxEndpoints.Ok(new Dictionary<string, object?> { ["access_token"] = session.Token, ["refresh_token"] = Guid.NewGuid().ToString("N") });
    }
}
