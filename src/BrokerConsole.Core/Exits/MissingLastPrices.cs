using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Instruments;

namespace BrokerConsole.Core.Exits;

/// <summary>
/// Some brokers' positions carry no last price (Dhan's), so a limit exit at LTP ± ticks had nothing to price from and
/// was refused. Before planning a limit exit, each such instrument's price is asked once through the user's live
/// sessions; one still without a price keeps the planner's "no last price" problem, never a made-up limit.
/// </summary>
internal sealed class MissingLastPrices(IInstrumentPrices prices)
{
    public async Task<List<AccountPositions>> FillAsync(IReadOnlyList<AccountPositions> accounts, InstrumentIndex index, CancellationToken cancellationToken)
    {
        var found = new Dictionary<int, decimal>();
        var missing = accounts
            .SelectMany(a => a.Net.Where(p => p.Quantity != 0 && p.LastPrice <= 0).Select(p => InstrumentOf(a, p, index)))
            .OfType<CatalogInstrument>()
            .DistinctBy(i => i.Id);
        foreach (var instrument in missing)
        {
            if ((await prices.LastPriceAsync(instrument, cancellationToken)).Price is { } price)
            {
                found[instrument.Id] = price.Price;
            }
        }

        return [.. accounts.Select(a => a with
        {
            Net = [.. a.Net.Select(p => p.LastPrice <= 0 && InstrumentOf(a, p, index) is { } i && found.TryGetValue(i.Id, out var ltp) ? p with { LastPrice = ltp } : p)],
        })];
    }

    private static CatalogInstrument? InstrumentOf(AccountPositions account, Position position, InstrumentIndex index) =>
        index.Resolve(account.Broker, position.Exchange, position.TradingSymbol, position.InstrumentToken);
}
