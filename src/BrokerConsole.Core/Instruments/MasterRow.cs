namespace BrokerConsole.Core.Instruments;

/// <summary>What a contract is, the same words for every broker.</summary>
public enum InstrumentKind
{
    Equity,
    Future,
    Call,
    Put,
    Index,
}

/// <summary>
/// One row of a broker's instrument master, read into the app's units (rupees, exchange codes NSE/BSE/NFO/MCX,
/// strike in rupees, expiry as a date). <see cref="ExchangeToken"/> is the exchange's id, the same at every broker
/// (reference instrument-masters §5), which is what joins the brokers' rows into one console instrument.
/// </summary>
/// <remarks>
/// Exchange: NSE, BSE, NFO, BFO, CDS, MCX.<br/>
/// ExchangeToken: The exchange's id of the instrument.<br/>
/// BrokerSymbol: The symbol the broker's books report (Kite <c>SBIN</c>, Angel <c>SBIN-EQ</c>, Fyers <c>SBIN-EQ</c>, Dhan <c>SBIN</c>).<br/>
/// OrderExchange: The exchange this app's client for the broker takes with the order (Fyers: <c>NSE</c> for NFO contracts).<br/>
/// OrderSymbol: What this app's client for the broker takes as the order's symbol (Dhan: the security id).<br/>
/// BrokerToken: The broker's own id (Kite instrument_token, Angel token, Fyers fyToken, Dhan security id).<br/>
/// ExchangeSymbol: The exchange's trading symbol in Kite's form, the console's name for the instrument.<br/>
/// </remarks>
public sealed record MasterRow(
    string Exchange,
    string ExchangeToken,
    string BrokerSymbol,
    string OrderExchange,
    string OrderSymbol,
    string BrokerToken,
    string ExchangeSymbol,
    string Name,
    string Underlying,
    string? Isin,
    InstrumentKind Kind,
    DateOnly? Expiry,
    decimal Strike,
    int LotSize,
    decimal TickSize);
