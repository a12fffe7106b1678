using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using BrokerConsole.Sandbox.Shared;
using Microsoft.AspNetCore.Http;

namespace BrokerConsole.Sandbox.Dhan;

/// <summary>The sandbox's consent login page (<c>login/consentApp-login</c>): client id, PIN and TOTP, then back to the app.</summary>
internal static class DhanLoginPage
{
    public static IResult Render(DhanState state, string? consentAppId, string? error)
    {
        var consent = state.FindConsent(consentAppId);
        if (consent is null)
        {
            return Results.Content("<!DOCTYPE html><html><body><h1>Invalid or expired consent</h1><p>Start the login again from your app.</p></body></html>", "text/html; charset=utf-8", statusCode: 400);
        }

        var e = HtmlEncoder.Default;
        var demo = new StringBuilder();
        foreach (var user in state.Options.Users.Where(u => u.ShowOnLoginPage && u.Pin.Length > 0 && SandboxTotp.DecodeSeed(u.TotpSecret) is { Length: > 0 }))
        {
            var code = SandboxTotp.CodeAt(SandboxTotp.DecodeSeed(user.TotpSecret)!, state.Now);
            demo.Append(CultureInfo.InvariantCulture, $"<li>{e.Encode(user.Name)}: client id <code>{e.Encode(user.ClientId)}</code>, PIN <code>{e.Encode(user.Pin)}</code>, TOTP now <code class=\"demo-totp\" data-user=\"{e.Encode(user.ClientId)}\">{code}</code></li>");
        }

        var html = $$"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Dhan sandbox consent</title>
            <style>body{font-family:system-ui,sans-serif;max-width:26rem;margin:2rem auto;color:#1f2937}label{display:block;margin-top:.6rem}input{width:100%;padding:.4rem;box-sizing:border-box}.demo{background:#f3f4f6;padding:.6rem;margin-top:1rem;font-size:.9rem}#error{color:#c53030}</style></head>
            <body><h1>Dhan (sandbox)</h1><p>Log in to allow API key <code>{{e.Encode(consent.ApiKey)}}</code> to trade for client <code>{{e.Encode(consent.ClientId)}}</code> today.</p>
            <form method="post">
            <input type="hidden" name="consentAppId" value="{{e.Encode(consent.ConsentAppId)}}">
            <label>Client id <input id="clientId" name="clientId" autocomplete="off" inputmode="numeric" value="{{e.Encode(consent.ClientId)}}"></label>
            <label>PIN <input id="pin" name="pin" type="password" inputmode="numeric"></label>
            <label>TOTP <input id="totp" name="totp" autocomplete="off" inputmode="numeric"></label>
            <p><button id="login-submit" name="action" value="login">Log in and allow</button> <button id="login-cancel" name="action" value="cancel">Cancel</button></p>
            <p id="error">{{e.Encode(error ?? "")}}</p></form>
            {{(demo.Length > 0 ? "<div class=\"demo\"><strong>Demo users</strong><ul>" + demo + "</ul></div>" : "")}}
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }
}
