using BrokerConsole.Core.Brokers;

namespace BrokerConsole.Core.Portfolio;

/// <summary>
/// Pure portfolio maths: per-line P&amp;L at a common last price and aggregation by instrument. No I/O,
/// so it is tested on fixed numbers.
/// </summary>
public static class PortfolioAggregator
{
    /// <summary>
    /// Aggregates every account's holdings and positions. <paramref name="lastPrices"/> (one quote call for
    /// all accounts) overrides the last price each broker reported, so the same symbol is valued the same
    /// way in every account; instruments without a quote keep the broker's own last price.
    /// </summary>
    public static (IReadOnlyList<SymbolAggregate> Holdings, IReadOnlyList<SymbolAggregate> Net, IReadOnlyList<SymbolAggregate> Day, IReadOnlyList<AccountTotals> Totals)
        Aggregate(IReadOnlyList<AccountPortfolio> accounts, IReadOnlyDictionary<InstrumentKey, decimal> lastPrices)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(lastPrices);
        var holdings = new List<(InstrumentKey Key, AccountLine Line)>();
        var net = new List<(InstrumentKey Key, AccountLine Line)>();
        var day = new List<(InstrumentKey Key, AccountLine Line)>();
        var totals = new List<AccountTotals>();

        foreach (var account in accounts)
        {
            var accountHoldings = account.Holdings
                .SelectMany(h => HoldingLines(account, h, Price(lastPrices, h.Exchange, h.TradingSymbol, h.LastPrice)).Select(line => (Key(h.Exchange, h.TradingSymbol), line)))
                .ToList();
            var accountNet = account.Positions.Net.Select(p => (Key(p.Exchange, p.TradingSymbol), PositionLine(account, p, Price(lastPrices, p.Exchange, p.TradingSymbol, p.LastPrice)))).ToList();
            var accountDay = account.Positions.Day.Select(p => (Key(p.Exchange, p.TradingSymbol), PositionLine(account, p, Price(lastPrices, p.Exchange, p.TradingSymbol, p.LastPrice)))).ToList();
            holdings.AddRange(accountHoldings);
            net.AddRange(accountNet);
            day.AddRange(accountDay);
            var overlap = DeliveryOverlapPnl(account, lastPrices);
            totals.Add(new AccountTotals(
                account.AccountId,
                account.DisplayName,
                AvailableFunds(account.Funds),
                accountHoldings.Sum(l => l.Item2.Value),
                accountHoldings.Sum(l => l.Item2.Pnl),
                accountNet.Sum(l => l.Item2.Pnl) - overlap,
                accountHoldings.Sum(l => l.Item2.DayPnl) + accountNet.Sum(l => l.Item2.DayPnl) - overlap));
        }

        return (Group(holdings), Group(net), Group(day), totals);
    }

    /// <summary>
    /// P&amp;L counted twice when today's CNC buys show both as a position and as T1 shares in holdings (as
    /// the sandbox and some brokers report them): the overlapping quantity's P&amp;L since the buy, to take
    /// out of the positions total once. Zero when a broker keeps today's buys out of holdings.
    /// </summary>
    public static decimal DeliveryOverlapPnl(AccountPortfolio account, IReadOnlyDictionary<InstrumentKey, decimal> lastPrices)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(lastPrices);
        var overlap = 0m;
        foreach (var position in account.Positions.Net.Where(p => p.Product == ProductType.Cnc && p.DayBuyQuantity > p.DaySellQuantity && p.DayBuyQuantity > 0))
        {
            var held = account.Holdings.FirstOrDefault(h => h.T1Quantity > 0 && Key(h.Exchange, h.TradingSymbol) == Key(position.Exchange, position.TradingSymbol));
            if (held is null)
            {
                continue;
            }

            var quantity = Math.Min(held.T1Quantity, position.DayBuyQuantity - position.DaySellQuantity);
            var buyAverage = position.DayBuyValue / position.DayBuyQuantity;
            overlap += (Price(lastPrices, position.Exchange, position.TradingSymbol, position.LastPrice) - buyAverage) * quantity;
        }

        return overlap;
    }

    /// <summary>Cash available for trading across segments.</summary>
    public static decimal AvailableFunds(Funds funds)
    {
        ArgumentNullException.ThrowIfNull(funds);
        return (funds.Equity?.Net ?? 0) + (funds.Commodity?.Net ?? 0);
    }

    /// <summary>
    /// Every line of one holding: the demat part (with T1 shares), and the shares held under the margin trading facility
    /// (Kite's <c>mtf</c> block, not included in <c>quantity</c>) as an MTF line at its own average price.
    /// </summary>
    public static IEnumerable<AccountLine> HoldingLines(AccountPortfolio account, Holding holding, decimal lastPrice)
    {
        ArgumentNullException.ThrowIfNull(holding);
        if (holding.Quantity + holding.T1Quantity != 0 || holding.MtfQuantity == 0)
        {
            yield return HoldingLine(account, holding, lastPrice);
        }

        if (holding.MtfQuantity != 0)
        {
            var quantity = holding.MtfQuantity;
            // The average price is what Kite lists; its mtf.value is the same cost, used when the average is missing.
            var average = holding.MtfAveragePrice > 0 ? holding.MtfAveragePrice : holding.MtfValue / quantity;
            var dayPnl = holding.ClosePrice > 0 ? (lastPrice - holding.ClosePrice) * quantity : 0;
            yield return new AccountLine(account.AccountId, account.DisplayName, "MTF", quantity, average, lastPrice,
                (lastPrice - average) * quantity, dayPnl);
        }
    }

    /// <summary>
    /// A holding at <paramref name="lastPrice"/>: quantity includes T1 (bought, unsettled) shares, P&amp;L is
    /// against the average buy price, day P&amp;L against the previous close.
    /// </summary>
    public static AccountLine HoldingLine(AccountPortfolio account, Holding holding, decimal lastPrice)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(holding);
        var quantity = holding.Quantity + holding.T1Quantity;
        var pnl = (lastPrice - holding.AveragePrice) * quantity;
        var dayPnl = holding.ClosePrice > 0 ? (lastPrice - holding.ClosePrice) * quantity : 0;
        return new AccountLine(account.AccountId, account.DisplayName, holding.Product.ToString().ToUpperInvariant(), quantity, holding.AveragePrice, lastPrice, pnl, dayPnl);
    }

    /// <summary>
    /// A position at <paramref name="lastPrice"/>: P&amp;L = (sell value − buy value) + quantity × last × multiplier
    /// (Kite's formula, correct for long, short and closed lines); day P&amp;L is the carried quantity against the
    /// previous close plus today's trades against the last price.
    /// </summary>
    public static AccountLine PositionLine(AccountPortfolio account, Position position, decimal lastPrice)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(position);
        var multiplier = position.Multiplier == 0 ? 1 : position.Multiplier;
        var pnl = position.SellValue - position.BuyValue + (position.Quantity * lastPrice * multiplier);
        var todayQuantity = position.DayBuyQuantity - position.DaySellQuantity;
        var dayPnl = ((lastPrice - position.ClosePrice) * position.OvernightQuantity * multiplier)
            + (position.DaySellValue - position.DayBuyValue + (todayQuantity * lastPrice * multiplier));
        if (position.ClosePrice == 0 && position.OvernightQuantity != 0)
        {
            // Without a previous close the carried part's day move is unknown; count only today's trades.
            dayPnl = position.DaySellValue - position.DayBuyValue + (todayQuantity * lastPrice * multiplier);
        }

        return new AccountLine(account.AccountId, account.DisplayName, position.Product.ToString().ToUpperInvariant(), position.Quantity, position.AveragePrice, lastPrice, pnl, dayPnl, multiplier);
    }

    /// <summary>Groups lines by instrument; sorted by absolute market value, largest first.</summary>
    public static IReadOnlyList<SymbolAggregate> Group(IEnumerable<(InstrumentKey Key, AccountLine Line)> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return lines.GroupBy(l => l.Key)
            .Select(g =>
            {
                var items = g.Select(l => l.Line).ToList();
                var quantity = items.Sum(l => l.Quantity);
                var sameSide = items.Where(l => quantity > 0 ? l.Quantity > 0 : l.Quantity < 0).ToList();
                var sideQuantity = sameSide.Sum(l => Math.Abs(l.Quantity));
                var average = quantity == 0 || sideQuantity == 0
                    ? 0
                    : Math.Round(sameSide.Sum(l => Math.Abs(l.Quantity) * l.AveragePrice) / sideQuantity, 4);
                var last = items.Select(l => l.LastPrice).FirstOrDefault(p => p > 0);
                return new SymbolAggregate(g.Key, quantity, average, last, items.Sum(l => l.Pnl), items.Sum(l => l.DayPnl), items);
            })
            .OrderByDescending(a => Math.Abs(a.Value)).ThenBy(a => a.Instrument.ToString(), StringComparer.Ordinal)
            .ToList();
    }

    private static InstrumentKey Key(string exchange, string symbol) => new(exchange.ToUpperInvariant(), symbol.ToUpperInvariant());

    private static decimal Price(IReadOnlyDictionary<InstrumentKey, decimal> lastPrices, string exchange, string symbol, decimal reported) =>
        lastPrices.TryGetValue(Key(exchange, symbol), out var price) && price > 0 ? price : reported;
}
