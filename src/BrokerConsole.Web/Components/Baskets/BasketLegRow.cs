using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Orders;

namespace BrokerConsole.Web.Components.Baskets;

/// <summary>One order of the basket editor, bound field by field (tickets are immutable records).</summary>
public sealed class BasketLegRow
{
    public string Exchange { get; set; } = "NSE";

    public string TradingSymbol { get; set; } = "";

    public TransactionType Side { get; set; } = TransactionType.Buy;

    public int Quantity { get; set; } = 1;

    public OrderType OrderType { get; set; } = OrderType.Market;

    public ProductType Product { get; set; } = ProductType.Cnc;

    public decimal? Price { get; set; }

    public OrderTicket ToTicket() => new()
    {
        Exchange = Exchange,
        TradingSymbol = TradingSymbol.Trim().ToUpperInvariant(),
        Side = Side,
        Quantity = Quantity,
        OrderType = OrderType,
        Product = Product,
        Price = OrderType is OrderType.Limit or OrderType.StopLoss ? Price : null,
    };

    public static BasketLegRow From(OrderTicket ticket) => new()
    {
        Exchange = ticket.Exchange,
        TradingSymbol = ticket.TradingSymbol,
        Side = ticket.Side,
        Quantity = ticket.Quantity,
        OrderType = ticket.OrderType,
        Product = ticket.Product,
        Price = ticket.Price,
    };
}
