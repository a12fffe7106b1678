namespace BrokerConsole.Core.Brokers;

/// <summary>
/// Where an order stands, in terms common to every broker. The broker's own status string is kept
/// beside it (<see cref="BrokerOrder.RawStatus"/>) because brokers add values without notice.
/// </summary>
public enum OrderStatus
{
    /// <summary>A status string this version does not recognise; read <see cref="BrokerOrder.RawStatus"/>.</summary>
    Unknown = 0,

    /// <summary>Resting at the exchange, not (fully) filled.</summary>
    Open,

    /// <summary>Fully executed.</summary>
    Complete,

    /// <summary>Cancelled by the user, the exchange or on expiry of its validity.</summary>
    Cancelled,

    /// <summary>Refused by the broker's RMS or the exchange; see the status message.</summary>
    Rejected,

    /// <summary>A stop-loss order waiting for its trigger price.</summary>
    TriggerPending,

    /// <summary>In transit: received, validation/open/modify/cancel pending, AMO received.</summary>
    Pending,

    /// <summary>A history snapshot recording that the order was modified.</summary>
    Modified,
}

/// <summary>Buy or sell.</summary>
public enum TransactionType
{
    Unknown = 0,
    Buy,
    Sell,
}

/// <summary>How the order is priced.</summary>
public enum OrderType
{
    Unknown = 0,
    Market,
    Limit,

    /// <summary>Stop-loss limit (Kite <c>SL</c>): a limit order activated at the trigger price.</summary>
    StopLoss,

    /// <summary>Stop-loss market (Kite <c>SL-M</c>): a market order activated at the trigger price.</summary>
    StopLossMarket,
}

/// <summary>The margin product an order or position is held under.</summary>
public enum ProductType
{
    Unknown = 0,

    /// <summary>Cash and carry: equity delivery.</summary>
    Cnc,

    /// <summary>Margin intraday square-off.</summary>
    Mis,

    /// <summary>Normal: F&amp;O and commodity carry-forward.</summary>
    Nrml,

    /// <summary>Margin trading facility.</summary>
    Mtf,

    /// <summary>Cover order.</summary>
    Co,

    /// <summary>Bracket order (discontinued at most brokers; still seen in product lists).</summary>
    Bo,
}

/// <summary>The kind of order ticket (Kite's <c>variety</c>).</summary>
public enum OrderVariety
{
    Unknown = 0,
    Regular,

    /// <summary>After-market order.</summary>
    Amo,

    /// <summary>Cover order.</summary>
    Co,
    Iceberg,
    Auction,
}

/// <summary>How long an order lives.</summary>
public enum OrderValidity
{
    Unknown = 0,
    Day,

    /// <summary>Immediate or cancel.</summary>
    Ioc,

    /// <summary>Time to live, in minutes (<see cref="OrderRequest.ValidityTtlMinutes"/>).</summary>
    Ttl,
}

/// <summary>A funds segment, where a broker splits margins by segment.</summary>
public enum FundsSegment
{
    Equity = 1,
    Commodity = 2,
}
