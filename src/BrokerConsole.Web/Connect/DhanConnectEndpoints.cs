using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Sessions;

namespace BrokerConsole.Web.Connect;

/// <summary>
/// The two ends of Dhan's API key consent popup. <c>start</c> is the popup's first URL (opened inside the click, like
/// Zerodha's): it generates the consent on the server and sends the browser to Dhan's login page. Dhan then redirects to
/// the URL registered for the key with only <c>tokenId</c> appended, so the single-use state rides in a short-lived,
/// HttpOnly, SameSite=Lax cookie scoped to these two paths instead of the URL (ADR 0004 still holds: the state's hash
/// lives in LoginAttempts and is consumed once).
/// </summary>
internal static class DhanConnectEndpoints
{
    public const string CallbackPath = "/connect/dhan/callback";

    public const string StateCookie = "bc_dhan_login_state";

    public static IEndpointRouteBuilder MapDhanConnect(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/connect/dhan/start", async (Guid accountId, HttpContext http, ISessionService sessions, CancellationToken cancellationToken) =>
        {
            try
            {
                var start = await sessions.StartPopupLoginAsync(accountId, cancellationToken);
                http.Response.Cookies.Append(StateCookie, start.State, new CookieOptions
                {
                    HttpOnly = true,
                    Secure = http.Request.IsHttps,
                    SameSite = SameSiteMode.Lax,
                    Path = "/connect/dhan",
                    MaxAge = TimeSpan.FromMinutes(10),
                    IsEssential = true,
                });
                return Results.Redirect(start.LoginUri.ToString());
            }
            catch (Exception ex) when (ex is AccountNotFoundException or LoginNotPossibleException or InvalidOperationException or BrokerApiException)
            {
                // A refused key/secret or the daily consent cap is shown as the cause; nothing was stored.
                return ZerodhaConnectEndpoints.PopupResult(new LoginResult(LoginOutcomeKind.ExchangeFailed, accountId, ex.Message));
            }
        });

        // Dhan redirects to the registered URL with ?tokenId=… (reference §1.2 C step 2).
        endpoints.MapGet(CallbackPath, async (HttpContext http, ISessionService sessions, CancellationToken cancellationToken) =>
        {
            var state = http.Request.Cookies[StateCookie];
            http.Response.Cookies.Delete(StateCookie, new CookieOptions { Path = "/connect/dhan", Secure = http.Request.IsHttps, SameSite = SameSiteMode.Lax, HttpOnly = true });
            return ZerodhaConnectEndpoints.PopupResult(await sessions.CompleteDhanLoginAsync(state, http.Request.Query["tokenId"], cancellationToken));
        });

        return endpoints;
    }
}
