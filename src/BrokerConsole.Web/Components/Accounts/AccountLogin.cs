using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Web.Components.Accounts;

/// <summary>How an account's connect button works: the popup start URL (opened inside the click) or a server-side connect.</summary>
internal static class AccountLogin
{
    /// <summary>Our own start route for a popup login, relative to the base href; null when the account connects without a popup.</summary>
    public static string? PopupStartUrl(AccountSummary account) => account.LogsInWithPopup
        ? $"connect/{account.Broker switch { BrokerKind.Zerodha => "zerodha", BrokerKind.Fyers => "fyers", _ => "dhan" }}/start?accountId={account.Id}"
        : null;

    /// <summary>Angel One, and Dhan with a pasted token or PIN + TOTP: the server logs in with stored credentials.</summary>
    public static bool ConnectsDirectly(AccountSummary account) =>
        !account.LogsInWithPopup && account.Broker is BrokerKind.AngelOne or BrokerKind.Dhan;

    public static string DirectConnectTitle(AccountSummary account) => account.Broker != BrokerKind.Dhan
        ? "Log in to Angel One on the server with the stored MPIN and TOTP secret"
        : account.DhanLoginMode == DhanLoginMode.PinTotp
            ? "Log in to Dhan on the server with the stored PIN and TOTP secret"
            : "Validate the stored Dhan access token and start a session";
}
