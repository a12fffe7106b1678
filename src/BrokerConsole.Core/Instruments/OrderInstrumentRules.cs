using System.Globalization;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Orders;

namespace BrokerConsole.Core.Instruments;

/// <summary>
/// What the catalog adds to an order before it is sent: the quantity checked against the lot size, prices against the
/// tick size, and the console's symbol translated into the broker's (Dhan's security id, Fyers' NSE for an NFO
/// contract). An instrument the catalog does not know (masters not loaded) goes as typed, as before the catalog.
/// </summary>
public static class OrderInstrumentRules
{
    /// <summary>The ticket to send to <paramref name="broker"/> and the rules it broke (nothing is sent when there are any).</summary>
    public static (OrderTicket Ticket, IReadOnlyList<OrderFieldError> Errors) Prepare(OrderTicket ticket, BrokerKind broker, InstrumentIndex index)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(index);
        if (index.FindForOrder(broker, ticket.Exchange, ticket.TradingSymbol) is not { } instrument)
        {
            return (ticket, []);
        }

        var errors = Check(ticket, instrument);
        if (!instrument.Brokers.TryGetValue(broker, out var symbol))
        {
            errors.Add(new(nameof(OrderTicket.TradingSymbol),
                $"{instrument.Key} is not in {Brokers.BrokerApiException.BrokerName(broker)}'s instrument master: this account cannot trade it."));
            return (ticket, errors);
        }

        return (ticket with { Exchange = symbol.OrderExchange, TradingSymbol = symbol.OrderSymbol }, errors);
    }

    /// <summary>Lot and tick rules of <paramref name="instrument"/> that <paramref name="ticket"/> breaks.</summary>
    public static List<OrderFieldError> Check(OrderTicket ticket, CatalogInstrument instrument)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(instrument);
        var errors = new List<OrderFieldError>();
        if (instrument.LotSize > 1 && ticket.Quantity > 0 && ticket.Quantity % instrument.LotSize != 0)
        {
            var lower = ticket.Quantity / instrument.LotSize * instrument.LotSize;
            var nearest = lower == 0 ? $"{instrument.LotSize}" : $"{lower} or {lower + instrument.LotSize}";
            errors.Add(new(nameof(OrderTicket.Quantity),
                $"{instrument.Symbol} trades in lots of {instrument.LotSize}: the quantity must be a multiple of {instrument.LotSize} (e.g. {nearest}), not {ticket.Quantity}."));
        }

        if (instrument.TickSize > 0)
        {
            foreach (var (field, label, value) in new[] { (nameof(OrderTicket.Price), "price", ticket.Price), (nameof(OrderTicket.TriggerPrice), "trigger price", ticket.TriggerPrice) })
            {
                if (value is { } price && price > 0 && price % instrument.TickSize != 0)
                {
                    var below = Math.Floor(price / instrument.TickSize) * instrument.TickSize;
                    errors.Add(new(field,
                        $"{instrument.Symbol} moves in ticks of ₹{Text(instrument.TickSize)}: the {label} ₹{Text(price)} is not on a tick (nearest ₹{Text(below)} or ₹{Text(below + instrument.TickSize)})."));
                }
            }
        }

        return errors;
    }

    private static string Text(decimal value) => value.ToString("0.00##", CultureInfo.InvariantCulture);
}
