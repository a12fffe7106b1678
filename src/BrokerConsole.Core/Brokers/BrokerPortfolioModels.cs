namespace BrokerConsole.Core.Brokers;

// The positions, holdings and quotes every broker client maps its wire shapes to (orders are in BrokerModels.cs).

/// <summary>One position line. <see cref="Quantity"/> is signed: negative is short.</summary>
public sealed record Position
{
    public required string TradingSymbol { get; init; }

    public required string Exchange { get; init; }

    public long InstrumentToken { get; init; }

    public ProductType Product { get; init; }

    public int Quantity { get; init; }

    public int OvernightQuantity { get; init; }

    public decimal Multiplier { get; init; }

    public decimal AveragePrice { get; init; }

    public decimal ClosePrice { get; init; }

    public decimal LastPrice { get; init; }

    public decimal Value { get; init; }

    public decimal Pnl { get; init; }

    public decimal M2M { get; init; }

    public decimal Realised { get; init; }

    public decimal Unrealised { get; init; }

    public int BuyQuantity { get; init; }

    public decimal BuyPrice { get; init; }

    public decimal BuyValue { get; init; }

    public int SellQuantity { get; init; }

    public decimal SellPrice { get; init; }

    public decimal SellValue { get; init; }

    public int DayBuyQuantity { get; init; }

    public decimal DayBuyValue { get; init; }

    public int DaySellQuantity { get; init; }

    public decimal DaySellValue { get; init; }
}

/// <summary>Net positions (including carried ones) and today's activity.</summary>
public sealed record Positions(IReadOnlyList<Position> Net, IReadOnlyList<Position> Day);

/// <summary>One demat holding.</summary>
public sealed record Holding
{
    public required string TradingSymbol { get; init; }

    public required string Exchange { get; init; }

    public long InstrumentToken { get; init; }

    public string? Isin { get; init; }

    public ProductType Product { get; init; }

    public int Quantity { get; init; }

    /// <summary>Bought, not yet settled (T+1).</summary>
    public int T1Quantity { get; init; }

    public int UsedQuantity { get; init; }

    public int RealisedQuantity { get; init; }

    public int AuthorisedQuantity { get; init; }

    public int OpeningQuantity { get; init; }

    public int ShortQuantity { get; init; }

    public int CollateralQuantity { get; init; }

    public decimal AveragePrice { get; init; }

    public decimal LastPrice { get; init; }

    public decimal ClosePrice { get; init; }

    public decimal Pnl { get; init; }

    public decimal DayChange { get; init; }

    public decimal DayChangePercentage { get; init; }

    /// <summary>Quantity held under margin trading facility.</summary>
    public int MtfQuantity { get; init; }

    public decimal MtfAveragePrice { get; init; }

    /// <summary>What the MTF shares cost (Kite's <c>mtf.value</c>: quantity × average price).</summary>
    public decimal MtfValue { get; init; }
}

/// <summary>The last traded price of one instrument.</summary>
public sealed record LastPrice(InstrumentKey Instrument, long InstrumentToken, decimal Price);

/// <summary>Open, high, low and close; close is the previous session's close.</summary>
public sealed record Ohlc(decimal Open, decimal High, decimal Low, decimal Close);

/// <summary>Last price and the day's OHLC.</summary>
public sealed record OhlcQuote(InstrumentKey Instrument, long InstrumentToken, decimal LastPrice, Ohlc Ohlc);

/// <summary>One level of market depth.</summary>
public sealed record DepthLevel(decimal Price, long Quantity, int Orders);

/// <summary>A full market quote.</summary>
public sealed record Quote
{
    public required InstrumentKey Instrument { get; init; }

    public long InstrumentToken { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public DateTimeOffset? LastTradeTime { get; init; }

    public decimal LastPrice { get; init; }

    public long LastQuantity { get; init; }

    public long BuyQuantity { get; init; }

    public long SellQuantity { get; init; }

    public long Volume { get; init; }

    public decimal AveragePrice { get; init; }

    public long OpenInterest { get; init; }

    public decimal NetChange { get; init; }

    public decimal LowerCircuitLimit { get; init; }

    public decimal UpperCircuitLimit { get; init; }

    public required Ohlc Ohlc { get; init; }

    public IReadOnlyList<DepthLevel> BuyDepth { get; init; } = [];

    public IReadOnlyList<DepthLevel> SellDepth { get; init; } = [];
}
