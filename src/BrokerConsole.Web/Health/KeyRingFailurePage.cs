using System.Security.Cryptography;
using BrokerConsole.Web.Api;
using Microsoft.AspNetCore.DataProtection;

namespace BrokerConsole.Web.Health;

/// <summary>
/// When a request fails because the Data Protection key ring cannot be used (a damaged key file; the sign-in
/// form's antiforgery token and the sign-in cookie both need the ring), answer with a fixed page that needs no
/// Data Protection and says what is wrong, instead of a 500 nobody can read. The start-up check refuses to start
/// with a damaged ring; this covers a ring that breaks later or a start forced with AcceptNewKeyRing.
/// No path and no exception text: the page is anonymous; the log has the details.
/// </summary>
public static partial class KeyRingFailurePage
{
    private const string Html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>BrokerConsole: key ring unavailable</title>
        <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}</style></head>
        <body data-testid="keyring-failure">
        <h1>BrokerConsole cannot use its encryption key ring</h1>
        <p>The Data Protection key ring (the <code>keys</code> folder beside the database; with PostgreSQL, the
        <code>DataProtectionKeys</code> table and the key-ring certificate) is damaged or unreadable.
        Sign-in, the sign-in form's protection and every stored broker secret depend on it, so nothing can be done
        here until it is repaired. Nothing was placed or changed.</p>
        <h2>For the operator</h2>
        <ol>
        <li>Restore the <code>keys</code> folder from the backup taken together with the database, then restart
        BrokerConsole (with PostgreSQL: the database from its dump, and the same certificate on every node). The server
        log names the damaged file or row.</li>
        <li>Without a backup: move the damaged file out of the folder and start with
        <code>DataProtection:AcceptNewKeyRing=true</code>; the secrets it encrypted must then be entered again.</li>
        </ol>
        <p><a href="/healthz">/healthz</a> shows the key ring's state.</p>
        </body></html>
        """;

    public static IApplicationBuilder UseKeyRingFailurePage(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex) when (!context.Response.HasStarted && KeyRingIsBroken(context.RequestServices))
            {
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KeyRingFailurePage).FullName!);
                LogKeyRingFailure(logger, context.Request.Path, ex);
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.CacheControl = "no-store";
                if (ApiRegistration.IsApiRequest(context))
                {
                    context.Response.ContentType = "application/problem+json";
                    await context.Response.WriteAsync("""{"title":"The key ring cannot be used","status":503,"detail":"BrokerConsole's Data Protection key ring is damaged or unreadable; the operator must restore the keys folder from the backup."}""");
                    return;
                }

                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync(Html);
            }
        });
    }

    /// <summary>The failure is the ring's when the ring cannot protect a value right now, whatever the exception was.</summary>
    private static bool KeyRingIsBroken(IServiceProvider services)
    {
        try
        {
            _ = services.GetRequiredService<IDataProtectionProvider>().CreateProtector("BrokerConsole.KeyRingFailurePage").Protect([1]);
            return false;
        }
#pragma warning disable CA1031 // A probe: any failure of the ring means the page is the answer.
        catch (Exception ex) when (ex is CryptographicException or System.Xml.XmlException or InvalidOperationException or IOException or UnauthorizedAccessException)
#pragma warning restore CA1031
        {
            return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Path} failed because the Data Protection key ring cannot be used; answered with the key ring page")]
    private static partial void LogKeyRingFailure(ILogger logger, PathString path, Exception exception);
}
