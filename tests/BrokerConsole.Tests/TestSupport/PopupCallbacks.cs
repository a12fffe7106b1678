using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Sessions;

namespace BrokerConsole.Tests.TestSupport;

/// <summary>
/// A broker's redirect as the one callback endpoint hands it to <see cref="ISessionLogins.CompletePopupLoginAsync"/>:
/// read through the broker module's own callback shape, so the flow tests keep their broker's words.
/// </summary>
internal static class PopupCallbacks
{
    /// <summary>Kite: <c>?status=…&amp;request_token=…&amp;state=…</c>.</summary>
    public static Task<LoginResult> CompleteZerodhaLoginAsync(this ISessionLogins logins, string? state, string? status, string? requestToken,
        CancellationToken cancellationToken = default) =>
        CompleteAsync(logins, BrokerKind.Zerodha, new() { ["state"] = state, ["status"] = status, ["request_token"] = requestToken }, null, cancellationToken);

    /// <summary>Fyers: <c>?s=…&amp;auth_code=…&amp;state=…</c>.</summary>
    public static Task<LoginResult> CompleteFyersLoginAsync(this ISessionLogins logins, string? state, string? s, string? authCode,
        CancellationToken cancellationToken = default) =>
        CompleteAsync(logins, BrokerKind.Fyers, new() { ["state"] = state, ["s"] = s, ["auth_code"] = authCode }, null, cancellationToken);

    /// <summary>Dhan: <c>?tokenId=…</c>, the state from the start cookie.</summary>
    public static Task<LoginResult> CompleteDhanLoginAsync(this ISessionLogins logins, string? cookieState, string? tokenId,
        CancellationToken cancellationToken = default) =>
        CompleteAsync(logins, BrokerKind.Dhan, new() { ["tokenId"] = tokenId }, cookieState, cancellationToken);

    private static Task<LoginResult> CompleteAsync(ISessionLogins logins, BrokerKind broker, Dictionary<string, string?> query, string? cookieState,
        CancellationToken cancellationToken)
    {
        var shape = BrokerModulesForTests.All.For(broker).PopupCallback!;
        return logins.CompletePopupLoginAsync(broker, shape.Read(name => query.GetValueOrDefault(name), cookieState), cancellationToken);
    }
}
