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

        var needsPrice = ticket.OrderType is OrderType.Limit or OrderType.StopLoss;
        if (needsPrice && ticket.Price is not > 0)
        {
            errors.Add(new(nameof(OrderTicket.Price), "A LIMIT or SL order needs a price above 0."));
        }

        var needsTrigger = ticket.OrderType is OrderType.StopLoss or OrderType.StopLossMarket;
        if (needsTrigger && ticket.TriggerPrice is not > 0)
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

        if (change.TriggerPrice is <= 0)
        {
            errors.Add(new(nameof(OrderChange.TriggerPrice), "Trigger price must be above 0."));
        }

        if (change is { Quantity: null, Price: null, TriggerPrice: null })
        {
            errors.Add(new(nameof(OrderChange.Quantity), "Change the quantity, the price or the trigger price."));
        }

        return errors;
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
