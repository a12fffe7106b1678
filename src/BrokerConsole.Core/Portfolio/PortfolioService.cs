using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Sessions;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core.Portfolio;

public sealed partial class PortfolioService(
    IAccountService accounts,
    ISessionService sessions,
    IBrokerModules brokers,
    Instruments.InstrumentCatalog instruments,
    TimeProvider time,
    ILogger<PortfolioService> logger) : IPortfolioService
{
    public async Task<PortfolioSnapshot> LoadAsync(CancellationToken cancellationToken = default)
    {
        var calls = 0;
        var (loaded, issues) = await AccountFanOut.RunAsync(accounts, sessions, async (account, ct) =>
        {
            // Sequential within an account: three "other"-class calls stay far below Kite's 10/s per key,
            // while accounts (each with its own key) load in parallel.
            Interlocked.Increment(ref calls);
            var funds = await sessions.CallBrokerAsync(account.Id, (client, c) => client.GetFundsAsync(c), ct);
            Interlocked.Increment(ref calls);
            var positions = await sessions.CallBrokerAsync(account.Id, (client, c) => client.GetPositionsAsync(c), ct);
            Interlocked.Increment(ref calls);
            var holdings = await sessions.CallBrokerAsync(account.Id, (client, c) => client.GetHoldingsAsync(c), ct);
            return new AccountPortfolio(account.Id, account.DisplayName, account.Broker, funds, positions, holdings);
        }, null, cancellationToken);

        // One row per console instrument, whichever broker's names a line came in.
        var index = await instruments.GetAsync(cancellationToken);
        var portfolios = loaded.Select(l => PortfolioInstruments.InConsoleNames(l.Value, index)).ToList();
        var (prices, quoteCalls) = await LoadLastPricesAsync(portfolios, index, cancellationToken);
        calls += quoteCalls;
        var (holdings, net, day, totals) = PortfolioAggregator.Aggregate(portfolios, prices);
        return new PortfolioSnapshot(
            portfolios,
            issues,
            holdings,
            net,
            day,
            totals,
            totals.Sum(t => t.AvailableFunds),
            totals.Sum(t => t.HoldingsValue),
            totals.Sum(t => t.HoldingsPnl + t.PositionsPnl),
            totals.Sum(t => t.DayPnl),
            time.GetUtcNow(),
            calls);
    }

    /// <summary>
    /// One batched LTP request for every instrument of every account, through one live account: the
    /// quote class is limited to 1 request/second per API key, so asking once per refresh (instead of once
    /// per account) keeps any number of accounts inside it. The client splits batches above the broker's
    /// per-request instrument limit. If it fails, each broker's own last price is used.
    /// </summary>
    private async Task<(IReadOnlyDictionary<InstrumentKey, decimal> Prices, int Calls)> LoadLastPricesAsync(List<AccountPortfolio> portfolios, Instruments.InstrumentIndex index, CancellationToken cancellationToken)
    {
        var instruments = portfolios
            .SelectMany(p => p.Holdings.Select(h => new InstrumentKey(h.Exchange, h.TradingSymbol))
                .Concat(p.Positions.Net.Select(n => new InstrumentKey(n.Exchange, n.TradingSymbol))))
            .Select(k => new InstrumentKey(k.Exchange.ToUpperInvariant(), k.TradingSymbol.ToUpperInvariant()))
            .Distinct()
            .ToList();
        var via = portfolios.FirstOrDefault(p => brokers.For(p.Broker).Has(BrokerCapabilities.BatchQuotes)) ?? (portfolios.Count > 0 ? portfolios[0] : null);
        if (instruments.Count == 0 || via is null)
        {
            return (new Dictionary<InstrumentKey, decimal>(), 0);
        }

        try
        {
            // Asked in the quoting broker's names, answered back in the console's.
            var asked = PortfolioInstruments.QuoteKeys(instruments, via.Broker, index);
            var quotes = await sessions.CallBrokerAsync(via.AccountId, (client, ct) => client.GetLastPricesAsync([.. asked.Keys], ct), cancellationToken);
            var prices = new Dictionary<InstrumentKey, decimal>();
            foreach (var quote in quotes)
            {
                var brokerKey = new InstrumentKey(quote.Key.Exchange.ToUpperInvariant(), quote.Key.TradingSymbol.ToUpperInvariant());
                prices[asked.GetValueOrDefault(brokerKey, brokerKey)] = quote.Value.Price;
            }

            return (prices, 1);
        }
        catch (Exception ex) when (ex is BrokerApiException or NoActiveSessionException)
        {
            LogQuoteFallback(logger, ex.GetType().Name);
            return (new Dictionary<InstrumentKey, decimal>(), 1);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Portfolio LTP lookup failed ({Error}); using each broker's reported last prices")]
    private static partial void LogQuoteFallback(ILogger logger, string error);
}
