using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Scheduling;

namespace BrokerConsole.Core.Baskets;

/// <summary>An account of the owner as the preview needs it: who it is, and whether its session is live now.</summary>
public sealed record BasketAccount(Guid Id, string Name, BrokerKind Broker, string ClientId, bool SessionLive, string? SessionProblem = null);

/// <summary>
/// Works out every (account, order) of a basket and checks it before anything is sent: the quantity rule, the order's
/// own fields, the session, and the instrument at the account's broker (known there, lot size, tick size), with the
/// symbol translated as <see cref="OrderInstrumentRules"/> would for a single order. Pure: the same inputs give the same
/// preview and the same fingerprint.
/// </summary>
public static class BasketPlanner
{
    public const string SessionCheck = "Session live";
    public const string QuantityCheck = "Quantity";
    public const string FieldsCheck = "Order fields";
    public const string InstrumentCheck = "Instrument known";
    public const string LotCheck = "Lot size";
    public const string TickCheck = "Tick size";

    public static BasketPreview Preview(
        Guid? basketId, string name, IReadOnlyList<ScheduledOrder> legs, IReadOnlyList<BasketTarget> targets, BasketQuantityRule rule,
        IReadOnlyDictionary<Guid, BasketAccount> accounts, InstrumentIndex index)
    {
        ArgumentNullException.ThrowIfNull(legs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(index);
        var items = new List<BasketPreviewItem>();
        foreach (var target in targets)
        {
            if (!accounts.TryGetValue(target.AccountId, out var account))
            {
                // Validation refuses unknown accounts; one deleted since the basket was saved is simply not there.
                continue;
            }

            for (var legIndex = 0; legIndex < legs.Count; legIndex++)
            {
                items.Add(Item(account, target, rule, legs[legIndex], legIndex, index));
            }
        }

        return new BasketPreview(basketId, name, items, Fingerprint(items));
    }

    private static BasketPreviewItem Item(BasketAccount account, BasketTarget target, BasketQuantityRule rule, ScheduledOrder leg, int legIndex, InstrumentIndex index)
    {
        var checks = new List<BasketCheck>
        {
            account.SessionLive
                ? new(SessionCheck, BasketCheckState.Passed)
                : new(SessionCheck, BasketCheckState.Failed, $"No live session on {account.Name}{(account.SessionProblem is { } why ? $" ({why})" : "")}: log in first."),
        };

        var instrument = index.FindForOrder(account.Broker, leg.Exchange, leg.TradingSymbol);
        var quantity = BasketQuantity.For(rule, target, leg.Quantity, legIndex, instrument?.LotSize ?? 1);
        checks.Add(quantity.IsValid ? new(QuantityCheck, BasketCheckState.Passed) : new(QuantityCheck, BasketCheckState.Failed, quantity.Problem));

        var ticket = leg.ToTicket(account.Id) with { Quantity = Math.Max(quantity.Quantity, 0) };
        var fieldErrors = quantity.IsValid ? OrderTicketValidator.Validate(ticket) : [];
        checks.Add(fieldErrors.Count == 0
            ? new(FieldsCheck, BasketCheckState.Passed)
            : new(FieldsCheck, BasketCheckState.Failed, string.Join(" ", fieldErrors.Select(e => e.Message))));

        var (brokerTicket, _) = OrderInstrumentRules.Prepare(ticket, account.Broker, index);
        if (instrument is null)
        {
            // Same as a single order: an instrument the catalog does not know goes as typed, so nothing here can prove it wrong.
            const string notLoaded = "Not in the instrument catalog (masters not loaded?): sent as typed.";
            checks.Add(new(InstrumentCheck, BasketCheckState.NotChecked, notLoaded));
            checks.Add(new(LotCheck, BasketCheckState.NotChecked));
            checks.Add(new(TickCheck, BasketCheckState.NotChecked));
        }
        else
        {
            checks.Add(instrument.Brokers.ContainsKey(account.Broker)
                ? new(InstrumentCheck, BasketCheckState.Passed)
                : new(InstrumentCheck, BasketCheckState.Failed,
                    $"{instrument.Key} is not in {Brokers.BrokerApiException.BrokerName(account.Broker)}'s instrument master: {account.Name} cannot trade it."));
            var rules = OrderInstrumentRules.Check(ticket, instrument);
            checks.Add(Rule(LotCheck, rules.Where(r => r.Field == nameof(OrderTicket.Quantity))));
            checks.Add(Rule(TickCheck, rules.Where(r => r.Field != nameof(OrderTicket.Quantity))));
        }

        return new BasketPreviewItem(account.Id, account.Name, account.Broker, account.ClientId, legIndex, ticket.Describe(),
            brokerTicket.Exchange, brokerTicket.TradingSymbol, ticket.Quantity, checks);
    }

    private static BasketCheck Rule(string name, IEnumerable<OrderFieldError> broken)
    {
        var messages = broken.Select(e => e.Message).ToList();
        return messages.Count == 0 ? new(name, BasketCheckState.Passed) : new(name, BasketCheckState.Failed, string.Join(" ", messages));
    }

    /// <summary>
    /// SHA-256 over what each item would send (account, leg, the broker's symbol, quantity, side, type, product, prices) and
    /// whether it is sent at all: a confirm carrying it places exactly the previewed items or nothing.
    /// </summary>
    public static string Fingerprint(IReadOnlyList<BasketPreviewItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var text = new StringBuilder();
        foreach (var item in items)
        {
            text.Append(CultureInfo.InvariantCulture, $"{item.AccountId:N}|{item.LegIndex}|{item.BrokerExchange}|{item.BrokerSymbol}|{item.Quantity}|{item.Summary}|{item.WillSend}\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }
}
