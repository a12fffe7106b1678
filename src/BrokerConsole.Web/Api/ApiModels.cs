using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Sessions;

namespace BrokerConsole.Web.Api;

/// <summary>An account as the API shows it: identifiers and session state, never a secret or the broker API key.</summary>
public sealed record ApiAccount(Guid Id, string Broker, string DisplayName, string ClientId, string Environment, ApiSessionStatus? Session)
{
    internal static ApiAccount From(AccountSummary account, AccountSessionView? view) => new(
        account.Id,
        account.Broker.ToString(),
        account.DisplayName,
        account.ClientId,
        account.Environment.ToString(),
        view is null ? null : ApiSessionStatus.From(view, null));
}

/// <summary>Session state of one account; <see cref="ExpiryWarning"/> is set when under two hours remain.</summary>
public sealed record ApiSessionStatus(Guid AccountId, string State, DateTimeOffset? LoginTime, DateTimeOffset? ExpiresAt, DateTimeOffset? LastCheckedAt, string? Message, string? ExpiryWarning)
{
    // Two hours: enough to log in again before a 15:10 IST run when the session ends at the broker's clock.
    private static readonly TimeSpan _warningWindow = TimeSpan.FromHours(2);

    internal static ApiSessionStatus From(AccountSessionView view, DateTimeOffset? now)
    {
        string? warning = null;
        if (now is { } at && view.Remaining(at) is { } remaining && remaining <= _warningWindow)
        {
            warning = remaining == TimeSpan.Zero
                ? "The session has reached its expiry time; log in again."
                : $"The session expires in {(int)remaining.TotalMinutes} minutes ({view.ExpiresAt:O}); log in again before then.";
        }

        return new(view.AccountId, view.State.ToString(), view.LoginTime, view.ExpiresAt, view.LastCheckedAt, view.Message, warning);
    }
}

/// <summary>The result of <c>/broker/validate</c>: every check made against the broker.</summary>
public sealed record ApiValidationResult(bool Valid, string Message, IReadOnlyList<ApiCredentialCheck> Checks);

/// <summary>One credential check: <see cref="Outcome"/> is <c>passed</c>, <c>failed</c> or <c>not-checked</c>.</summary>
public sealed record ApiCredentialCheck(string Name, string Outcome, string Detail)
{
    internal static ApiCredentialCheck From(Core.Brokers.CredentialChecks.CredentialCheckStep step) => new(
        step.Name,
        step.Outcome switch
        {
            Core.Brokers.CredentialChecks.CredentialCheckOutcome.Passed => "passed",
            Core.Brokers.CredentialChecks.CredentialCheckOutcome.Failed => "failed",
            _ => "not-checked",
        },
        step.Detail);
}

/// <summary>A plain sentence answer.</summary>
public sealed record ApiMessage(string Message);

/// <summary>An order to place on the account in the route; the same fields and rules as the UI's order form.</summary>
public sealed record ApiOrderRequest(
    string Exchange,
    string TradingSymbol,
    Core.Brokers.TransactionType Side,
    int Quantity,
    Core.Brokers.OrderType OrderType = Core.Brokers.OrderType.Market,
    Core.Brokers.ProductType Product = Core.Brokers.ProductType.Cnc,
    decimal? Price = null,
    decimal? TriggerPrice = null,
    Core.Brokers.OrderValidity Validity = Core.Brokers.OrderValidity.Day,
    decimal? MarketProtection = null)
{
    internal Core.Orders.OrderTicket ToTicket(Guid accountId) => new()
    {
        AccountId = accountId,
        Exchange = Exchange,
        TradingSymbol = TradingSymbol,
        Side = Side,
        Quantity = Quantity,
        OrderType = OrderType,
        Product = Product,
        Price = Price,
        TriggerPrice = TriggerPrice,
        Validity = Validity,
        MarketProtection = MarketProtection,
    };
}
