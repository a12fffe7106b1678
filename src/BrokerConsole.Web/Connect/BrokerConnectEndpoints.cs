using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Sessions;

namespace BrokerConsole.Web.Connect;

/// <summary>
/// The two ends of every broker's popup login: <c>/connect/{broker}/start</c> is the popup's first URL (so the browser
/// opens the window inside the user's click, where popup blockers allow it) and <c>/connect/{broker}/callback</c> is the
/// redirect URL registered with the broker (Kite's users register <c>/connect/zerodha/callback</c> in their Kite app, so
/// these paths never change). Both need the signed-in user's cookie. What differs per broker is data on its module: the
/// callback's shape, and whether the single-use state travels in the URL or, for a broker whose redirect cannot carry it
/// (Dhan), in a short-lived HttpOnly, SameSite=Lax cookie scoped to <c>/connect/{broker}</c> (ADR 0008). Either way the
/// state's hash lives in LoginAttempts and is consumed once (ADR 0004).
/// </summary>
internal static class BrokerConnectEndpoints
{
    public static IEndpointRouteBuilder MapBrokerConnect(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/connect/{broker}/start", async (string broker, Guid accountId, HttpContext http, IBrokerModules brokers, ISessionLogins logins, CancellationToken cancellationToken) =>
        {
            if (PopupModule(brokers, broker) is not { PopupCallback: { } shape } module)
            {
                return Results.NotFound();
            }

            try
            {
                var start = await logins.StartPopupLoginAsync(accountId, cancellationToken);
                if (shape.StateCarrier == LoginStateCarrier.Cookie)
                {
                    http.Response.Cookies.Append(StateCookie(module), start.State, CookieOptions(http, module, TimeSpan.FromMinutes(10)));
                }

                return Results.Redirect(start.LoginUri.ToString());
            }
            catch (BrokerApiException ex)
            {
                // A refused key/secret or a daily consent cap is shown as the cause; nothing was stored.
                return LoginResultPage.For(new LoginResult(LoginOutcomeKind.ExchangeFailed, accountId, ex.Message));
            }
            catch (Exception ex) when (ex is AccountNotFoundException or LoginNotPossibleException or InvalidOperationException)
            {
                return LoginResultPage.For(new LoginResult(LoginOutcomeKind.InvalidState, accountId, ex.Message));
            }
        });

        endpoints.MapGet("/connect/{broker}/callback", async (string broker, HttpContext http, IBrokerModules brokers, ISessionLogins logins, CancellationToken cancellationToken) =>
        {
            if (PopupModule(brokers, broker) is not { PopupCallback: { } shape } module)
            {
                return Results.NotFound();
            }

            string? cookieState = null;
            if (shape.StateCarrier == LoginStateCarrier.Cookie)
            {
                cookieState = http.Request.Cookies[StateCookie(module)];
                http.Response.Cookies.Delete(StateCookie(module), CookieOptions(http, module, null));
            }

            var query = http.Request.Query;
            var callback = shape.Read(name => query.TryGetValue(name, out var value) ? (string?)value : null, cookieState);
            return LoginResultPage.For(await logins.CompletePopupLoginAsync(module.Kind, callback, cancellationToken));
        });

        return endpoints;
    }

    /// <summary>The cookie holding a popup login's state for a broker whose redirect cannot carry it.</summary>
    internal static string StateCookie(IBrokerModule module) => $"bc_{module.Slug}_login_state";

    private static IBrokerModule? PopupModule(IBrokerModules brokers, string slug) =>
        brokers.FindBySlug(slug) is { PopupCallback: not null } module ? module : null;

    private static CookieOptions CookieOptions(HttpContext http, IBrokerModule module, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        Path = $"/connect/{module.Slug}",
        MaxAge = maxAge,
        IsEssential = true,
    };
}
