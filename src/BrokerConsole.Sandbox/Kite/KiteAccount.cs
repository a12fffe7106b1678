namespace BrokerConsole.Sandbox.Kite;

/// <summary>A fill, as /trades shows it.</summary>
internal sealed record KiteTrade(
    string TradeId, KiteOrder Order, string ExchangeOrderId, double Price, int Quantity, DateTimeOffset FilledAt)
{
    public KiteTradeWire ToWire() => new(
        TradeId, Order.OrderId, Order.Instrument.Exchange, Order.Instrument.Symbol, Order.Instrument.Token, Order.Product,
        Price, Quantity, ExchangeOrderId, Order.TransactionType, IstClock.Format(FilledAt),
        IstClock.FormatTime(Order.OrderTimestamp), IstClock.Format(FilledAt));
}

/// <summary>Today's buys and sells of one instrument and product; everything is intraday (no overnight carry).</summary>
internal sealed class KitePosition(KiteInstrument instrument, string product)
{
    public KiteInstrument Instrument { get; } = instrument;
    public string Product { get; } = product;
    public int BuyQuantity { get; set; }
    public double BuyValue { get; set; }
    public int SellQuantity { get; set; }
    public double SellValue { get; set; }

    public int Quantity => BuyQuantity - SellQuantity;

    /// <summary>P&amp;L per the positions.json fields: value = sell - buy; pnl = value + quantity x LTP.</summary>
    public KitePositionWire ToWire(KitePriceSnapshot price)
    {
        var buyPrice = BuyQuantity == 0 ? 0 : BuyValue / BuyQuantity;
        var sellPrice = SellQuantity == 0 ? 0 : SellValue / SellQuantity;
        var value = SellValue - BuyValue;
        var pnl = value + (Quantity * price.LastPrice);
        var realised = Math.Min(BuyQuantity, SellQuantity) * (sellPrice - buyPrice);
        var average = Quantity > 0 ? buyPrice : Quantity < 0 ? sellPrice : 0;
        return new KitePositionWire(
            Instrument.Symbol, Instrument.Exchange, Instrument.Token, Product, Quantity, 0, 1, R(average), price.Close,
            price.LastPrice, R(value), R(pnl), R(pnl), R(pnl - realised), R(realised),
            BuyQuantity, R(buyPrice), R(BuyValue), R(BuyValue), SellQuantity, R(sellPrice), R(SellValue), R(SellValue),
            BuyQuantity, R(buyPrice), R(BuyValue), SellQuantity, R(sellPrice), R(SellValue));
    }

    public static double R(double value) => Math.Round(value, 2);
}

/// <summary>A delivery holding; today's CNC buys land in t1_quantity, today's CNC sells in used_quantity.</summary>
internal sealed class KiteHolding(KiteInstrument instrument, int quantity, double averagePrice)
{
    public KiteInstrument Instrument { get; } = instrument;
    public int Quantity { get; } = quantity;
    public int T1Quantity { get; set; }
    public int UsedQuantity { get; set; }
    public double AveragePrice { get; set; } = averagePrice;

    public int Held => Quantity + T1Quantity - UsedQuantity;

    public void AddBuy(int quantity, double price)
    {
        var before = Quantity + T1Quantity;
        AveragePrice = ((AveragePrice * before) + (price * quantity)) / (before + quantity);
        T1Quantity += quantity;
    }

    public KiteHoldingWire ToWire(KitePriceSnapshot price)
    {
        var dayChange = price.LastPrice - price.Close;
        return new KiteHoldingWire(
            Instrument.Symbol, Instrument.Exchange, Instrument.Token, Instrument.Isin, "CNC", 0, Quantity, UsedQuantity,
            T1Quantity, Quantity, 0, "", new Dictionary<string, object>(), Quantity, 0, 0, "", false,
            KitePosition.R(AveragePrice), price.LastPrice, price.Close, KitePosition.R(Held * (price.LastPrice - AveragePrice)),
            KitePosition.R(dayChange), price.Close == 0 ? 0 : dayChange / price.Close * 100,
            new KiteHoldingMtfWire(0, 0, 0, 0, 0));
    }
}

/// <summary>One sandbox user's book: orders, trades, positions, holdings and cash.</summary>
internal sealed class KiteAccount
{
    public KiteAccount(KiteSandboxUser user)
    {
        User = user;
        foreach (var seed in user.Holdings)
        {
            if (KiteMarket.FindInstrument(seed.Instrument) is { } instrument)
            {
                Holdings[instrument.Key] = new KiteHolding(instrument, seed.Quantity, seed.AveragePrice);
            }
        }
    }

    public KiteSandboxUser User { get; }
    public List<KiteOrder> Orders { get; } = [];
    public List<KiteTrade> Trades { get; } = [];
    public Dictionary<string, KitePosition> Positions { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, KiteHolding> Holdings { get; } = new(StringComparer.Ordinal);

    /// <summary>Net cash paid for today's fills (buys minus sells).</summary>
    public double Spent { get; set; }
}
