using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Instruments;

namespace BrokerConsole.Core.Portfolio;

/// <summary>
/// Puts every broker's book lines in the console's names before aggregation, so Zerodha's SBIN, Angel One's SBIN-EQ,
/// Fyers' SBIN-EQ and Dhan's SBIN on exchange "ALL" are one NSE:SBIN row. A line the catalog cannot resolve keeps the
/// broker's own names (masters not loaded yet, or an instrument outside them).
/// </summary>
public static class PortfolioInstruments
{
    public static AccountPortfolio InConsoleNames(AccountPortfolio account, InstrumentIndex index)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(index);
        if (index.Count == 0)
        {
            return account;
        }

        Position Rename(Position p) => index.Resolve(account.Broker, p.Exchange, p.TradingSymbol, p.InstrumentToken) is { } i
            ? p with { Exchange = i.Exchange, TradingSymbol = i.Symbol }
            : p;
        return account with
        {
            Holdings = [.. account.Holdings.Select(h => index.Resolve(account.Broker, h.Exchange, h.TradingSymbol, h.InstrumentToken, h.Isin) is { } i
                ? h with { Exchange = i.Exchange, TradingSymbol = i.Symbol }
                : h)],
            Positions = new Positions([.. account.Positions.Net.Select(Rename)], [.. account.Positions.Day.Select(Rename)]),
        };
    }

    /// <summary>
    /// The names <paramref name="broker"/> takes for a quote of each console key (Dhan: the security id), with the way
    /// back; keys the catalog does not know are asked as they are.
    /// </summary>
    public static Dictionary<InstrumentKey, InstrumentKey> QuoteKeys(IEnumerable<InstrumentKey> keys, Accounts.BrokerKind broker, InstrumentIndex index)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(index);
        var brokerToConsole = new Dictionary<InstrumentKey, InstrumentKey>();
        foreach (var key in keys)
        {
            var brokerKey = index.Find(key) is { } i && i.Brokers.TryGetValue(broker, out var symbol)
                ? new InstrumentKey(symbol.OrderExchange.ToUpperInvariant(), symbol.OrderSymbol.ToUpperInvariant())
                : key;
            brokerToConsole.TryAdd(brokerKey, key);
        }

        return brokerToConsole;
    }
}
