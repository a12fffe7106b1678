using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Sandbox.Kite;

/// <summary>
/// Who may read Kite's instruments dump. Kite documents the dump with <c>X-Kite-Version: 3</c> and
/// <c>Authorization: token api_key:access_token</c> like every API call (reference §9.1, instrument-masters §1) but does
/// not say that a bare request is refused (§7.3). So: a session header that is sent must name a live session (a stale
/// token is the client's bug either way), and a missing one is refused only when
/// <see cref="KiteSandboxOptions.InstrumentsNeedSession"/> asks for the strict reading.
/// </summary>
internal static class KiteDumpAccess
{
    public static IResult? Refusal(HttpContext http)
    {
        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptions<SandboxOptions>>().Value.Kite;
        var header = http.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return options.InstrumentsNeedSession ? KiteWire.Error(KiteError.BadSession) : null;
        }

        if (http.Request.Headers["X-Kite-Version"] != "3")
        {
            return KiteWire.Error(KiteError.Input("Missing or invalid `X-Kite-Version` header: this API only speaks version 3."));
        }

        var credentials = header.StartsWith("token ", StringComparison.Ordinal) ? header["token ".Length..].Trim().Split(':', 2) : [];
        return credentials.Length == 2 && services.GetRequiredService<KiteSessionStore>().Find(credentials[0], credentials[1]) is not null
            ? null
            : KiteWire.Error(KiteError.BadSession);
    }
}
