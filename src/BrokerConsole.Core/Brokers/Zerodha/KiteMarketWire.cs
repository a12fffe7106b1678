using System.Text.Json.Serialization;

namespace BrokerConsole.Core.Brokers.Zerodha;

// Kite's portfolio and market-data shapes (positions, holdings, quotes), exactly as on the wire; see KiteWire.cs.

internal sealed class KitePositions
{
    public List<KitePosition>? Net { get; init; }

    public List<KitePosition>? Day { get; init; }
}

internal sealed class KitePosition
{
    public string? Tradingsymbol { get; init; }

    public string? Exchange { get; init; }

    public long InstrumentToken { get; init; }

    public string? Product { get; init; }

    public int Quantity { get; init; }

    public int OvernightQuantity { get; init; }

    public decimal Multiplier { get; init; }

    public decimal AveragePrice { get; init; }

    public decimal ClosePrice { get; init; }

    public decimal LastPrice { get; init; }

    public decimal Value { get; init; }

    public decimal Pnl { get; init; }

    [JsonPropertyName("m2m")]
    public decimal M2M { get; init; }

    public decimal Unrealised { get; init; }

    public decimal Realised { get; init; }

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

internal sealed class KiteHolding
{
    public string? Tradingsymbol { get; init; }

    public string? Exchange { get; init; }

    public long InstrumentToken { get; init; }

    public string? Isin { get; init; }

    public string? Product { get; init; }

    public int Quantity { get; init; }

    public int UsedQuantity { get; init; }

    [JsonPropertyName("t1_quantity")]
    public int T1Quantity { get; init; }

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

    public KiteMtf? Mtf { get; init; }
}

internal sealed class KiteMtf
{
    public int Quantity { get; init; }

    public decimal AveragePrice { get; init; }

    public decimal Value { get; init; }
}

internal sealed class KiteLtp
{
    public long InstrumentToken { get; init; }

    public decimal LastPrice { get; init; }
}

internal sealed class KiteOhlcQuote
{
    public long InstrumentToken { get; init; }

    public decimal LastPrice { get; init; }

    public KiteOhlc? Ohlc { get; init; }
}

internal sealed class KiteOhlc
{
    public decimal Open { get; init; }

    public decimal High { get; init; }

    public decimal Low { get; init; }

    public decimal Close { get; init; }
}

internal sealed class KiteQuote
{
    public long InstrumentToken { get; init; }

    public string? Timestamp { get; init; }

    public string? LastTradeTime { get; init; }

    public decimal LastPrice { get; init; }

    public long LastQuantity { get; init; }

    public long BuyQuantity { get; init; }

    public long SellQuantity { get; init; }

    public long Volume { get; init; }

    public decimal AveragePrice { get; init; }

    public long Oi { get; init; }

    public decimal NetChange { get; init; }

    public decimal LowerCircuitLimit { get; init; }

    public decimal UpperCircuitLimit { get; init; }

    public KiteOhlc? Ohlc { get; init; }

    public KiteDepth? Depth { get; init; }
}

internal sealed class KiteDepth
{
    public List<KiteDepthLevel>? Buy { get; init; }

    public List<KiteDepthLevel>? Sell { get; init; }
}

internal sealed class KiteDepthLevel
{
    public decimal Price { get; init; }

    public long Quantity { get; init; }

    public int Orders { get; init; }
}
