using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Instruments;
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

    /// <summary>The instrument picked in the search, if any (the fields stay editable by hand).</summary>
    public CatalogInstrument? Instrument { get; private set; }

    /// <summary>As in the order dialog: the pick fills exchange and symbol in the console's names and starts at one lot.</summary>
    public void Pick(CatalogInstrument? instrument)
    {
        Instrument = instrument;
        if (instrument is null)
        {
            return;
        }

        Exchange = instrument.Exchange;
        TradingSymbol = instrument.Symbol;
        // A quantity off the lot would only be refused by the preview's lot check.
        if (instrument.LotSize > 1 && Quantity % instrument.LotSize != 0)
        {
            Quantity = instrument.LotSize;
        }
    }

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
