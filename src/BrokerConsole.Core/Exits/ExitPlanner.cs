using System.Globalization;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Core.Orders;

namespace BrokerConsole.Core.Exits;

/// <summary>
/// Turns net positions into the orders that close them, without calling anyone: long → SELL, short → BUY, quantity =
/// |net|, the position's own product, priced as <see cref="ExitPricing"/> says. A leg that breaks a rule (not whole
/// lots, no last price for a limit, no tick size) is kept with its <see cref="ExitLeg.Problem"/> so the preview shows
/// why it will not be sent.
/// </summary>
public static class ExitPlanner
{
    public static IReadOnlyList<ExitLeg> Plan(ExitScope scope, ExitPricing pricing, IReadOnlyList<AccountPositions> accounts, InstrumentIndex index,
        Func<BrokerKind, bool> takesMarketProtection)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(pricing);
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(takesMarketProtection);
        var legs = new List<ExitLeg>();
        foreach (var account in accounts)
        {
            foreach (var position in account.Net.Where(p => p.Quantity != 0))
            {
                var instrument = index.Resolve(account.Broker, position.Exchange, position.TradingSymbol, position.InstrumentToken);
                var key = instrument?.Key ?? new InstrumentKey(position.Exchange.ToUpperInvariant(), position.TradingSymbol.ToUpperInvariant());
                if (scope.Covers(account.AccountId, key, position.Product))
                {
                    legs.Add(Leg(legs.Count, account, position, key, instrument, pricing, takesMarketProtection(account.Broker)));
                }
            }
        }

        return legs;
    }

    /// <summary>The signed net quantity <paramref name="positions"/> show for a leg's instrument and product (0 when the line is gone).</summary>
    public static int CurrentNet(ExitLeg leg, AccountPositions positions, InstrumentIndex index)
    {
        ArgumentNullException.ThrowIfNull(leg);
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(index);
        return positions.Net.Where(p => p.Product == leg.Product)
            .Where(p => (index.Resolve(positions.Broker, p.Exchange, p.TradingSymbol, p.InstrumentToken)?.Key
                ?? new InstrumentKey(p.Exchange.ToUpperInvariant(), p.TradingSymbol.ToUpperInvariant())).Equals(leg.Instrument))
            .Sum(p => p.Quantity);
    }

    private static ExitLeg Leg(int number, AccountPositions account, Position position, InstrumentKey key, CatalogInstrument? instrument, ExitPricing pricing,
        bool takesProtection)
    {
        var side = position.Quantity > 0 ? TransactionType.Sell : TransactionType.Buy;
        var quantity = Math.Abs(position.Quantity);
        var brokerSymbol = instrument is not null && instrument.Brokers.TryGetValue(account.Broker, out var symbol) ? symbol.TradingSymbol : position.TradingSymbol;
        var checks = new List<string> { $"Net {position.Quantity} {OrderLabels.Product(position.Product)} → {OrderLabels.Side(side)} {quantity}" };
        string? problem = null;

        if (position.Product == ProductType.Unknown)
        {
            problem = "The broker did not say the position's product (MIS, NRML, CNC): close it in the broker's app.";
        }

        var lot = instrument?.LotSize ?? 0;
        if (lot > 1)
        {
            if (quantity % lot == 0)
            {
                checks.Add($"Lot size {lot}: {quantity / lot} lot{(quantity / lot == 1 ? "" : "s")}");
            }
            else
            {
                problem ??= $"{quantity} is not a whole number of lots of {lot}: close it in the broker's app.";
            }
        }
        else if (instrument is null)
        {
            checks.Add("Not in the instrument catalog: sent under the broker's own symbol, lot and tick not checked");
        }

        decimal? price = null;
        decimal? protection = null;
        if (pricing.OrderType == OrderType.Limit)
        {
            var tick = instrument?.TickSize ?? 0;
            if (tick <= 0)
            {
                problem ??= "The tick size is not known (instrument not in the catalog): a limit price cannot be set; use MARKET.";
            }
            else if (position.LastPrice <= 0)
            {
                problem ??= "The broker reported no last price: a limit price cannot be set; use MARKET.";
            }
            else
            {
                price = LimitPrice(position.LastPrice, tick, pricing.Ticks, side);
                if (price <= 0)
                {
                    problem ??= $"{pricing.Ticks} ticks below the last price is not a price: use fewer ticks or MARKET.";
                }
                else
                {
                    checks.Add($"LIMIT ₹{Text(price.Value)}: LTP ₹{Text(position.LastPrice)} {(side == TransactionType.Sell ? "−" : "+")} {pricing.Ticks} × tick ₹{Text(tick)}");
                }
            }
        }
        else if (takesProtection)
        {
            protection = pricing.MarketProtection;
            checks.Add(pricing.MarketProtection == -1 ? "MARKET, market protection chosen by the broker" : $"MARKET, market protection {Text(pricing.MarketProtection)}%");
        }
        else
        {
            checks.Add($"MARKET ({BrokerApiException.BrokerName(account.Broker)} takes no market protection parameter)");
        }

        var ticket = new OrderTicket
        {
            AccountId = account.AccountId,
            Exchange = key.Exchange,
            TradingSymbol = key.TradingSymbol,
            Side = side,
            Quantity = quantity,
            OrderType = pricing.OrderType,
            Product = position.Product,
            Price = price,
            MarketProtection = protection,
        };
        return new ExitLeg(number, account.AccountId, account.DisplayName, account.Broker, key, brokerSymbol, position.Product, position.Quantity, ticket, checks, problem);
    }

    /// <summary>
    /// A marketable limit <paramref name="ticks"/> ticks through the last price: a sell rounds the last price down to a tick
    /// and goes below it, a buy rounds up and goes above, so the order is on a tick and crosses the spread.
    /// </summary>
    public static decimal LimitPrice(decimal lastPrice, decimal tick, int ticks, TransactionType side) => side == TransactionType.Sell
        ? (Math.Floor(lastPrice / tick) * tick) - (ticks * tick)
        : (Math.Ceiling(lastPrice / tick) * tick) + (ticks * tick);

    private static string Text(decimal value) => value.ToString("0.00##", CultureInfo.InvariantCulture);
}
