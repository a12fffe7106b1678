using System.Globalization;
using BrokerConsole.Core.Brokers;

namespace BrokerConsole.Core.Orders;

/// <summary>What the user fills in to place an order on one of their accounts. Prices in rupees.</summary>
public sealed record OrderTicket
{
    public Guid AccountId { get; init; }

    public string Exchange { get; init; } = "NSE";

    public string TradingSymbol { get; init; } = "";

    public TransactionType Side { get; init; } = TransactionType.Buy;

    public int Quantity { get; init; }

    public OrderType OrderType { get; init; } = OrderType.Market;

    public ProductType Product { get; init; } = ProductType.Cnc;

    /// <summary>Required for LIMIT and SL; not sent otherwise.</summary>
    public decimal? Price { get; init; }

    /// <summary>Required for SL and SL-M; not sent otherwise.</summary>
    public decimal? TriggerPrice { get; init; }

    public OrderValidity Validity { get; init; } = OrderValidity.Day;

    /// <summary>
    /// Market protection for MARKET and SL-M orders: -1 lets the broker choose, or a percentage above 0
    /// up to 100. Null means -1: the 2026 rules make the parameter mandatory for API market orders.
    /// </summary>
    public decimal? MarketProtection { get; init; }

    /// <summary>A one-line description for confirmations and the audit trail, e.g. "BUY 10 NSE:INFY LIMIT @ 1500 CNC".</summary>
    public string Describe()
    {
        var price = OrderType switch
        {
            OrderType.Limit => $" @ {Price?.ToString(CultureInfo.InvariantCulture)}",
            OrderType.StopLoss => $" @ {Price?.ToString(CultureInfo.InvariantCulture)} trigger {TriggerPrice?.ToString(CultureInfo.InvariantCulture)}",
            OrderType.StopLossMarket => $" trigger {TriggerPrice?.ToString(CultureInfo.InvariantCulture)}",
            _ => "",
        };
        return $"{OrderLabels.Side(Side)} {Quantity} {Exchange}:{TradingSymbol} {OrderLabels.Type(OrderType)}{price} {OrderLabels.Product(Product)} {OrderLabels.Validity(Validity)}";
    }
}

/// <summary>A change to an open order: new quantity and/or prices; null keeps the current value.</summary>
public sealed record OrderChange(Guid AccountId, string OrderId, int? Quantity, decimal? Price, decimal? TriggerPrice);

/// <summary>The broker's own spellings of the enums, for display.</summary>
public static class OrderLabels
{
    public static string Side(TransactionType side) => side switch
    {
        TransactionType.Buy => "BUY",
        TransactionType.Sell => "SELL",
        _ => "?",
    };

    public static string Type(OrderType type) => type switch
    {
        OrderType.Market => "MARKET",
        OrderType.Limit => "LIMIT",
        OrderType.StopLoss => "SL",
        OrderType.StopLossMarket => "SL-M",
        _ => "?",
    };

    public static string Product(ProductType product) => product switch
    {
        ProductType.Cnc => "CNC",
        ProductType.Mis => "MIS",
        ProductType.Nrml => "NRML",
        ProductType.Mtf => "MTF",
        ProductType.Co => "CO",
        ProductType.Bo => "BO",
        _ => "?",
    };

    public static string Validity(OrderValidity validity) => validity switch
    {
        OrderValidity.Day => "DAY",
        OrderValidity.Ioc => "IOC",
        OrderValidity.Ttl => "TTL",
        _ => "?",
    };
}
