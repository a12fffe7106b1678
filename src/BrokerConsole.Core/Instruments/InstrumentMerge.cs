using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Instruments;

/// <summary>
/// Joins every broker's master rows into console instruments by (exchange, exchange token), the id the exchange itself
/// gives (reference §5 rule 2; Kite and Angel One have no ISIN to join on). Where brokers disagree, the first broker
/// in the given order that has a value wins, and a missing lot or tick (Fyers' MCX lot) is taken from
/// the next. Pure, so it is tested on fixed rows.
/// </summary>
public static class InstrumentMerge
{
    public static (List<ConsoleInstrument> Instruments, List<BrokerInstrument> Symbols) Merge(IReadOnlyList<(BrokerKind Broker, IReadOnlyList<MasterRow> Rows)> masters)
    {
        ArgumentNullException.ThrowIfNull(masters);
        var byKey = new Dictionary<(string, string), ConsoleInstrument>();
        var symbols = new List<BrokerInstrument>();
        foreach (var (broker, rows) in masters)
        {
            foreach (var row in rows)
            {
                var key = (row.Exchange, row.ExchangeToken);
                if (!byKey.TryGetValue(key, out var instrument))
                {
                    instrument = new ConsoleInstrument
                    {
                        Id = byKey.Count + 1,
                        Exchange = row.Exchange,
                        ExchangeToken = row.ExchangeToken,
                        Symbol = row.ExchangeSymbol,
                        Name = row.Name,
                        Underlying = row.Underlying,
                        Kind = row.Kind,
                        Expiry = row.Expiry,
                        Strike = row.Strike,
                    };
                    byKey[key] = instrument;
                }

                instrument.Isin ??= row.Isin;
                instrument.LotSize = instrument.LotSize > 0 ? instrument.LotSize : row.LotSize;
                instrument.TickSize = instrument.TickSize > 0 ? instrument.TickSize : row.TickSize;
                symbols.Add(new BrokerInstrument
                {
                    Id = symbols.Count + 1,
                    InstrumentId = instrument.Id,
                    Broker = broker,
                    TradingSymbol = row.BrokerSymbol,
                    OrderExchange = row.OrderExchange,
                    OrderSymbol = row.OrderSymbol,
                    Token = row.BrokerToken,
                });
            }
        }

        return ([.. byKey.Values], symbols);
    }
}
