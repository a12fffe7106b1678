namespace BrokerConsole.Sandbox.Shared.Instruments;

/// <summary>What kind of contract a seed row is; each broker's master spells it its own way.</summary>
public enum SeedKind
{
    Equity,
    Future,
    Call,
    Put,
}

/// <summary>
/// One instrument of the sandbox universe as the exchange defines it: the exchange token is the exchange's own id, so
/// every broker's master carries the same number (reference instrument-masters §5), and cash rows carry their ISIN.
/// </summary>
/// <remarks>
/// Exchange: NSE, BSE, NFO or MCX.<br/>
/// ExchangeToken: The exchange's id of the instrument.<br/>
/// Symbol: The exchange trading symbol: <c>SBIN</c>, <c>NIFTY26SEPFUT</c>, <c>NIFTY26SEP29200CE</c>.<br/>
/// Underlying: The root: <c>SBIN</c>, <c>NIFTY</c>, <c>CRUDEOIL</c>.<br/>
/// Name: The company name for cash rows, the underlying for derivatives.<br/>
/// Isin: Cash rows only.<br/>
/// Strike: Rupees; 0 unless an option.<br/>
/// TickSize: Rupees.<br/>
/// BasePrice: Where the simulated price starts.<br/>
/// </remarks>
public sealed record SeedInstrument(
    string Exchange,
    int ExchangeToken,
    string Symbol,
    string Underlying,
    string Name,
    string? Isin,
    SeedKind Kind,
    DateOnly? Expiry,
    decimal Strike,
    int LotSize,
    decimal TickSize,
    decimal BasePrice)
{
    public bool IsDerivative => Kind != SeedKind.Equity;

    public string OptionType => Kind switch
    {
        SeedKind.Call => "CE",
        SeedKind.Put => "PE",
        _ => "XX",
    };
}
