using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Instruments;

/// <summary>
/// One console instrument: what every broker's rows for the same (exchange, exchange token) have in common. Cash
/// instruments carry the ISIN (from the brokers whose masters have it), derivatives their expiry and strike.
/// <see cref="Symbol"/> is the exchange's trading symbol (Kite's spelling), the name the app shows and accepts.
/// </summary>
public sealed class ConsoleInstrument
{
    public int Id { get; set; }

    public string Exchange { get; set; } = "";

    public string ExchangeToken { get; set; } = "";

    public string Symbol { get; set; } = "";

    public string Name { get; set; } = "";

    public string Underlying { get; set; } = "";

    public string? Isin { get; set; }

    public InstrumentKind Kind { get; set; }

    public DateOnly? Expiry { get; set; }

    public decimal Strike { get; set; }

    public int LotSize { get; set; }

    public decimal TickSize { get; set; }
}

/// <summary>How one broker names one console instrument: in its books, in an order, and by its own token.</summary>
public sealed class BrokerInstrument
{
    public long Id { get; set; }

    public int InstrumentId { get; set; }

    public BrokerKind Broker { get; set; }

    public string TradingSymbol { get; set; } = "";

    public string OrderExchange { get; set; } = "";

    public string OrderSymbol { get; set; } = "";

    public string Token { get; set; } = "";
}

/// <summary>One load of the masters: when, how many instruments, and what each broker gave or why it failed.</summary>
public sealed class InstrumentRefresh
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public int Instruments { get; set; }

    public bool Succeeded { get; set; }

    public string Summary { get; set; } = "";
}
