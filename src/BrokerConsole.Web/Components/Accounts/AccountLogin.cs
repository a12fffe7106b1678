using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;

namespace BrokerConsole.Web.Components.Accounts;

/// <summary>How an account's connect button works, as its broker's module says: the popup start URL (opened inside the click) or a server-side connect.</summary>
internal static class AccountLogin
{
    /// <summary>Our own start route for a popup login, relative to the base href; null when the account connects without a popup.</summary>
    public static string? PopupStartUrl(IBrokerModules brokers, AccountSummary account) =>
        Style(brokers, account) is BrokerLoginStyle.PopupOAuth or BrokerLoginStyle.ConsentPopup
            ? $"connect/{brokers.For(account.Broker).Slug}/start?accountId={account.Id}"
            : null;

    /// <summary>Angel One, and Dhan with a pasted token or PIN + TOTP: the server logs in with stored credentials.</summary>
    public static bool ConnectsDirectly(IBrokerModules brokers, AccountSummary account) =>
        Style(brokers, account) == BrokerLoginStyle.DirectCredentials;

    public static string DirectConnectTitle(IBrokerModules brokers, AccountSummary account) =>
        brokers.For(account.Broker).DirectLoginTitle(account.StoredSecrets, account.ApiKey) ?? "Log in on the server with the stored credentials";

    private static BrokerLoginStyle Style(IBrokerModules brokers, AccountSummary account)
    {
        ArgumentNullException.ThrowIfNull(brokers);
        ArgumentNullException.ThrowIfNull(account);
        return brokers.For(account.Broker).LoginStyleFor(account.StoredSecrets, account.ApiKey);
    }
}
