using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Errors;

namespace BrokerConsole.Core.Orders;

/// <summary>One field rule an order ticket broke; <see cref="Field"/> is the ticket's property name.</summary>
public sealed record OrderFieldError(string Field, string Message);

/// <summary>The ticket broke field rules; nothing was sent to the broker and nothing was saved.</summary>
public sealed class OrderValidationException(IReadOnlyList<OrderFieldError> errors)
    : ValidationFailedException("The order is not valid: " + string.Join(" ", errors.Select(e => e.Message)))
{
    public IReadOnlyList<OrderFieldError> Errors { get; } = errors;
}

/// <summary>Checks a ticket before anything is sent, so the broker is only asked what it can accept.</summary>
public static class OrderTicketValidator
{
    public static readonly IReadOnlyList<string> Exchanges = ["NSE", "BSE", "NFO", "BFO", "CDS", "BCD", "MCX"];

    public static readonly IReadOnlyList<OrderType> OrderTypes = [OrderType.Market, OrderType.Limit, OrderType.StopLoss, OrderType.StopLossMarket];

    public static readonly IReadOnlyList<ProductType> Products = [ProductType.Cnc, ProductType.Mis, ProductType.Nrml];

    public static readonly IReadOnlyList<OrderValidity> Validities = [OrderValidity.Day, OrderValidity.Ioc];

    /// <summary>Generous upper bound against fat fingers (NSE's freeze quantities are far lower for most stocks).</summary>
    public const int MaxQuantity = 100_000;

    /// <summary>₹10,00,00,000 per unit: above any listed Indian instrument, so only a typo or a hostile script gets here.</summary>
    public const decimal MaxPrice = 100_000_000m;

    /// <summary>Currency derivatives quote to ¼ paisa; everything else (equity, F&amp;O, commodities) to the paisa.</summary>
    public static int PriceDecimals(string? exchange) => exchange is "CDS" or "BCD" ? 4 : 2;

    /// <summary>Every broken rule, empty when the ticket may be sent.</summary>
    public static IReadOnlyList<OrderFieldError> Validate(OrderTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var errors = new List<OrderFieldError>();
        if (ticket.AccountId == Guid.Empty)
        {
            errors.Add(new(nameof(OrderTicket.AccountId), "Choose an account."));
        }

        if (!Exchanges.Contains(ticket.Exchange))
        {
            errors.Add(new(nameof(OrderTicket.Exchange), "Choose an exchange (NSE, BSE, NFO, BFO, CDS, BCD, MCX)."));
        }

        if (string.IsNullOrWhiteSpace(ticket.TradingSymbol))
        {
            errors.Add(new(nameof(OrderTicket.TradingSymbol), "Enter the trading symbol, e.g. INFY."));
        }
        else if (ticket.TradingSymbol.Length > 40 || ticket.TradingSymbol.Any(c => !(char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is '-' or '&' or '_')))
        {
            errors.Add(new(nameof(OrderTicket.TradingSymbol), "A trading symbol is upper-case letters, digits, '-', '&' or '_' (at most 40)."));
        }

        if (ticket.Side is not (TransactionType.Buy or TransactionType.Sell))
        {
            errors.Add(new(nameof(OrderTicket.Side), "Choose BUY or SELL."));
        }

        if (ticket.Quantity <= 0)
        {
            errors.Add(new(nameof(OrderTicket.Quantity), "Quantity must be at least 1."));
        }
        else if (ticket.Quantity > MaxQuantity)
        {
            errors.Add(new(nameof(OrderTicket.Quantity), $"Quantity above {MaxQuantity:N0} is refused here as a likely typo."));
        }

        if (!OrderTypes.Contains(ticket.OrderType))
        {
            errors.Add(new(nameof(OrderTicket.OrderType), "Choose MARKET, LIMIT, SL or SL-M."));
        }

        if (!Products.Contains(ticket.Product))
        {
            errors.Add(new(nameof(OrderTicket.Product), "Choose CNC, MIS or NRML."));
        }

        if (!Validities.Contains(ticket.Validity))
        {
            errors.Add(new(nameof(OrderTicket.Validity), "Choose DAY or IOC."));
        }

        // A price the order type does not send must still not be negative: a script that sent one meant something else.
        foreach (var (field, label, value) in new[] { (nameof(OrderTicket.Price), "price", ticket.Price), (nameof(OrderTicket.TriggerPrice), "trigger price", ticket.TriggerPrice) })
        {
            if (value is < 0)
            {
                errors.Add(new(field, $"The {label} cannot be negative."));
            }
            else if (value is { } price && price > 0 && PriceRule(label, price, PriceDecimals(ticket.Exchange)) is { } broken)
            {
                errors.Add(new(field, broken));
            }
        }

        var needsPrice = ticket.OrderType is OrderType.Limit or OrderType.StopLoss;
        if (needsPrice && ticket.Price is not > 0 && ticket.Price is not < 0)
        {
            errors.Add(new(nameof(OrderTicket.Price), "A LIMIT or SL order needs a price above 0."));
        }

        var needsTrigger = ticket.OrderType is OrderType.StopLoss or OrderType.StopLossMarket;
        if (needsTrigger && ticket.TriggerPrice is not > 0 && ticket.TriggerPrice is not < 0)
        {
            errors.Add(new(nameof(OrderTicket.TriggerPrice), "An SL or SL-M order needs a trigger price above 0."));
        }

        if (ticket.OrderType == OrderType.StopLoss && ticket is { Price: > 0, TriggerPrice: > 0 })
        {
            // A buy stop triggers on the way up (limit at or above trigger); a sell stop on the way down.
            var consistent = ticket.Side == TransactionType.Buy ? ticket.Price >= ticket.TriggerPrice : ticket.Price <= ticket.TriggerPrice;
            if (!consistent)
            {
                errors.Add(new(nameof(OrderTicket.TriggerPrice), ticket.Side == TransactionType.Buy
                    ? "For a BUY SL order the trigger price must not be above the price."
                    : "For a SELL SL order the trigger price must not be below the price."));
            }
        }

        if (ticket.MarketProtection is { } protection && protection != -1 && protection is <= 0 or > 100)
        {
            errors.Add(new(nameof(OrderTicket.MarketProtection), "Market protection is -1 (automatic) or a percentage above 0 up to 100."));
        }

        return errors;
    }

    /// <summary>Validates a change to an open order.</summary>
    public static IReadOnlyList<OrderFieldError> Validate(OrderChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var errors = new List<OrderFieldError>();
        if (string.IsNullOrWhiteSpace(change.OrderId))
        {
            errors.Add(new(nameof(OrderChange.OrderId), "No order chosen."));
        }

        if (change.Quantity is <= 0 or > MaxQuantity)
        {
            errors.Add(new(nameof(OrderChange.Quantity), "Quantity must be at least 1."));
        }

        if (change.Price is <= 0)
        {
            errors.Add(new(nameof(OrderChange.Price), "Price must be above 0."));
        }
        else if (change.Price is { } price && PriceRule("price", price, PriceDecimals("CDS")) is { } broken)
        {
            // The change does not carry the exchange: the finest tick of any segment; the broker checks its own tick.
            errors.Add(new(nameof(OrderChange.Price), broken));
        }

        if (change.TriggerPrice is <= 0)
        {
            errors.Add(new(nameof(OrderChange.TriggerPrice), "Trigger price must be above 0."));
        }
        else if (change.TriggerPrice is { } trigger && PriceRule("trigger price", trigger, PriceDecimals("CDS")) is { } broken)
        {
            errors.Add(new(nameof(OrderChange.TriggerPrice), broken));
        }

        if (change is { Quantity: null, Price: null, TriggerPrice: null })
        {
            errors.Add(new(nameof(OrderChange.Quantity), "Change the quantity, the price or the trigger price."));
        }

        return errors;
    }

    /// <summary>The ceiling and the precision a positive price breaks, or null.</summary>
    private static string? PriceRule(string label, decimal price, int decimals)
    {
        if (price > MaxPrice)
        {
            return $"The {label} is above ₹10,00,00,000 per unit, the most accepted here.";
        }

        return decimal.Round(price, decimals) == price
            ? null
            : $"The {label} can have at most {decimals} decimals (₹{price.ToString(System.Globalization.CultureInfo.InvariantCulture)} has more).";
    }

    /// <summary>The request sent to the broker: only the fields the order type uses, always with a tag and, for MARKET/SL-M, market protection.</summary>
    public static OrderRequest ToRequest(OrderTicket ticket, string tag)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var marketLike = ticket.OrderType is OrderType.Market or OrderType.StopLossMarket;
        return new OrderRequest
        {
            TradingSymbol = ticket.TradingSymbol,
            Exchange = ticket.Exchange,
            Side = ticket.Side,
            Quantity = ticket.Quantity,
            OrderType = ticket.OrderType,
            Product = ticket.Product,
            Price = ticket.OrderType is OrderType.Limit or OrderType.StopLoss ? ticket.Price : null,
            TriggerPrice = ticket.OrderType is OrderType.StopLoss or OrderType.StopLossMarket ? ticket.TriggerPrice : null,
            Validity = ticket.Validity,
            Tag = tag,
            // The 2026 rules: API market and SL-M orders without market protection are refused; -1 = broker's automatic band.
            MarketProtection = marketLike ? ticket.MarketProtection ?? -1 : null,
        };
    }
}
