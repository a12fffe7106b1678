using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Sessions;

namespace BrokerConsole.Core.Instruments;

/// <summary>A last traded price and where it came from.</summary>
public sealed record InstrumentPrice(decimal Price, string Via, DateTimeOffset At);

/// <summary>The price, or why there is none (no live session, the broker refused): never a made-up number.</summary>
public sealed record InstrumentPriceAnswer(InstrumentPrice? Price, string? Problem);

/// <summary>The last traded price of one instrument, for the order ticket and the instrument search.</summary>
public interface IInstrumentPrices
{
    Task<InstrumentPriceAnswer> LastPriceAsync(CatalogInstrument instrument, CancellationToken cancellationToken = default);
}

/// <summary>
/// Asks one of the user's live sessions at a broker that lists the instrument, preferring a broker whose quote call is
/// batched (cheap on the 1 request/second quote limit), in that broker's own name for it.
/// </summary>
internal sealed class InstrumentPrices(IAccountService accounts, ISessionService sessions, IBrokerModules brokers, TimeProvider time) : IInstrumentPrices
{
    public async Task<InstrumentPriceAnswer> LastPriceAsync(CatalogInstrument instrument, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var views = await sessions.GetViewsAsync(cancellationToken);
        var candidates = (await accounts.ListAsync(cancellationToken))
            .Where(a => instrument.Brokers.ContainsKey(a.Broker) && views.TryGetValue(a.Id, out var view) && view.State == SessionState.Active)
            .OrderByDescending(a => brokers.For(a.Broker).Has(BrokerCapabilities.BatchQuotes))
            .ToList();
        if (candidates.Count == 0)
        {
            return new(null, "No live session at a broker that lists it: log an account in to see its price.");
        }

        var via = candidates[0];
        var symbol = instrument.Brokers[via.Broker];
        var key = new InstrumentKey(symbol.OrderExchange, symbol.OrderSymbol);
        try
        {
            var prices = await sessions.CallBrokerAsync(via.Id, (client, ct) => client.GetLastPricesAsync([key], ct), cancellationToken);
            // Asked for one instrument: the answer is keyed in the broker's spelling of it.
            var price = prices.FirstOrDefault(p => string.Equals(p.Key.TradingSymbol, key.TradingSymbol, StringComparison.OrdinalIgnoreCase)).Value
                ?? (prices.Count == 1 ? prices.Values.Single() : null);
            return price is null
                ? new(null, $"{via.DisplayName} has no price for it now.")
                : new(new InstrumentPrice(price.Price, via.DisplayName, time.GetUtcNow()), null);
        }
        catch (Exception ex) when (ex is BrokerApiException or NoActiveSessionException)
        {
            // The exception's message is written for people and carries no secret.
            return new(null, $"Price unavailable from {via.DisplayName}: {ex.Message}");
        }
    }
}
