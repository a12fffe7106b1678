namespace BrokerConsole.Web.Security;

/// <summary>
/// Headers every response of the console carries. Scripts only from this origin (no inline script anywhere, so an
/// injected <c>&lt;script&gt;</c> does not run); styles allow inline because Blazor and MudBlazor set style attributes.
/// The login popup and its callback pages may not be framed at all and send no Referer (the callback URL carries
/// the broker's one-time request token); other pages may be framed only by the console itself.
/// The in-process sandbox stands for the brokers' own sites and keeps its own pages' rules.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    private const string Policy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors ";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            Apply(context);
            return Task.CompletedTask;
        });
        return next(context);
    }

    /// <summary>Pages on the broker login path: popup start, broker callbacks (request tokens in the URL).</summary>
    public static bool IsLoginFlow(PathString path) => path.StartsWithSegments("/connect", StringComparison.OrdinalIgnoreCase);

    private static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        var path = context.Request.Path;
        headers.XContentTypeOptions = "nosniff";
        var loginFlow = IsLoginFlow(path);
        var sandbox = path.StartsWithSegments("/sandbox", StringComparison.OrdinalIgnoreCase);
        headers["Referrer-Policy"] = loginFlow || sandbox ? "no-referrer" : "strict-origin-when-cross-origin";
        if (sandbox)
        {
            return;
        }

        // Set, not appended: Blazor's own frame-ancestors 'self' header is replaced by this fuller one. The API
        // reference page (Scalar, public, no user data) bootstraps with inline script: it only keeps the framing rule.
        headers.ContentSecurityPolicy = path.StartsWithSegments(Api.ApiReference.PagePath, StringComparison.OrdinalIgnoreCase)
            ? "frame-ancestors 'self'"
            : Policy + (loginFlow ? "'none'" : "'self'");
        headers.XFrameOptions = loginFlow ? "DENY" : "SAMEORIGIN";
    }
}
