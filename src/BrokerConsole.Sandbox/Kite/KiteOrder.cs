namespace BrokerConsole.Sandbox.Kite;

/// <summary>Order statuses the sandbox produces (reference §7.7).</summary>
internal static class KiteStatus
{
    public const string PutOrderReqReceived = "PUT ORDER REQ RECEIVED";
    public const string ValidationPending = "VALIDATION PENDING";
    public const string OpenPending = "OPEN PENDING";
    public const string Open = "OPEN";
    public const string TriggerPending = "TRIGGER PENDING";
    public const string Complete = "COMPLETE";
    public const string Cancelled = "CANCELLED";
    public const string CancelPending = "CANCEL PENDING";
    public const string Rejected = "REJECTED";
    public const string ModifyValidationPending = "MODIFY VALIDATION PENDING";
    public const string ModifyPending = "MODIFY PENDING";
    public const string Modified = "MODIFIED";
}

/// <summary>Mutable order state; only touched under <see cref="KiteOrderBook"/>'s lock.</summary>
internal sealed class KiteOrder(string orderId, string userId, KiteSandboxApp app, KiteOrderRequest request, DateTimeOffset placedAt)
{
    public string OrderId { get; } = orderId;
    public string UserId { get; } = userId;
    public KiteSandboxApp App { get; } = app;
    public string Variety { get; } = request.Variety;
    public KiteInstrument Instrument { get; } = request.Instrument;
    public string TransactionType { get; } = request.TransactionType;
    public string Product { get; } = request.Product;
    public string? Tag { get; } = request.Tag;
    public IReadOnlyDictionary<string, object> Meta { get; } = request.Meta;
    public string Guid { get; } = System.Guid.NewGuid().ToString("N");
    public DateTimeOffset PlacedAt { get; } = placedAt;

    public string OrderType { get; set; } = request.OrderType;
    public string Validity { get; set; } = request.Validity;
    public int ValidityTtl { get; set; } = request.ValidityTtl;
    public int Quantity { get; set; } = request.Quantity;
    public int DisclosedQuantity { get; set; } = request.DisclosedQuantity;
    public double Price { get; set; } = request.Price;
    public double TriggerPrice { get; set; } = request.TriggerPrice;
    public double MarketProtection { get; set; } = request.MarketProtection;

    public string Status { get; set; } = KiteStatus.PutOrderReqReceived;
    public string? StatusMessage { get; set; }
    public string? StatusMessageRaw { get; set; }
    public string? ExchangeOrderId { get; set; }
    public DateTimeOffset OrderTimestamp { get; set; } = placedAt;
    public DateTimeOffset? ExchangeTimestamp { get; set; }
    public DateTimeOffset? ExchangeUpdateTimestamp { get; set; }
    public int FilledQuantity { get; set; }
    public int CancelledQuantity { get; set; }
    public double AveragePrice { get; set; }
    public int Modifications { get; set; }

    /// <summary>SL/SL-M whose trigger was hit: an SL then rests as a LIMIT at <see cref="Price"/>.</summary>
    public bool Triggered { get; set; }
    public List<KiteOrderHistoryWire> History { get; } = [];

    public bool IsLive => Status is KiteStatus.Open or KiteStatus.TriggerPending;

    /// <summary>Matches the mocks: a cancelled order keeps its unfilled quantity as pending (orders.json).</summary>
    public int PendingQuantity => Status is KiteStatus.Complete or KiteStatus.Rejected ? 0 : Quantity - FilledQuantity;

    /// <summary>Moves to <paramref name="status"/> and records the history snapshot GET /orders/{id} returns.</summary>
    public void Transition(string status, DateTimeOffset now)
    {
        Status = status;
        if (ExchangeOrderId is not null)
        {
            ExchangeUpdateTimestamp = now;
        }

        History.Add(ToHistory());
    }

    public KiteOrderWire ToWire() => new(
        UserId, OrderId, ExchangeOrderId, null, Status, StatusMessage, StatusMessageRaw,
        IstClock.Format(OrderTimestamp), Stamp(ExchangeUpdateTimestamp), Stamp(ExchangeTimestamp),
        Variety, Modifications > 0, Instrument.Exchange, Instrument.Symbol, Instrument.Token, OrderType, TransactionType,
        Validity, ValidityTtl, Product, Quantity, DisclosedQuantity, Price, TriggerPrice, AveragePrice, FilledQuantity,
        PendingQuantity, CancelledQuantity, MarketProtection, Meta, Tag, Tags(), Guid);

    public KitePostbackWire ToPostback(string checksum) => new(
        UserId, Status == KiteStatus.Complete ? 0 : Quantity - FilledQuantity, App.AppId, checksum, UserId, OrderId,
        ExchangeOrderId, null, Status, StatusMessage, StatusMessageRaw, IstClock.Format(OrderTimestamp),
        Stamp(ExchangeUpdateTimestamp), Stamp(ExchangeTimestamp), Variety, Instrument.Exchange, Instrument.Symbol,
        Instrument.Token, OrderType, TransactionType, Validity, Product, Quantity, DisclosedQuantity, Price, TriggerPrice,
        AveragePrice, FilledQuantity, PendingQuantity, CancelledQuantity, MarketProtection, Meta, Tag, Guid);

    private KiteOrderHistoryWire ToHistory() => new(
        AveragePrice, CancelledQuantity, DisclosedQuantity, Instrument.Exchange, ExchangeOrderId, Stamp(ExchangeTimestamp),
        FilledQuantity, Instrument.Token, OrderId, IstClock.Format(OrderTimestamp), OrderType, null, PendingQuantity,
        UserId, Price, Product, Quantity, Status, StatusMessage, Tag, Instrument.Symbol, TransactionType, TriggerPrice,
        Validity, Variety, Modifications > 0);

    /// <summary>The user's tag plus the system tags the mocks show for market protection (orders.json).</summary>
    private List<string>? Tags()
    {
        var tags = new List<string>();
        if (Tag is not null)
        {
            tags.Add(Tag);
        }

        if (MarketProtection != 0)
        {
            tags.Add("mktp");
            tags.Add(MarketProtection > 0
                ? "mktp:" + MarketProtection.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)
                : "mktp:auto");
        }

        return tags.Count == 0 ? null : tags;
    }

    private static string? Stamp(DateTimeOffset? instant) => instant is { } value ? IstClock.Format(value) : null;
}
