using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Errors;
using BrokerConsole.Core.Orders;

namespace BrokerConsole.Core.Scheduling;

/// <summary>A user's recurring order plan: which orders, on which accounts, on which days, at what IST time.</summary>
public sealed class Schedule
{
    public Guid Id { get; set; }

    public required string OwnerId { get; set; }

    public required string Name { get; set; }

    /// <summary>The owner's accounts it applies to.</summary>
    public List<Guid> AccountIds { get; set; } = [];

    /// <summary>The orders placed on every account, in this order.</summary>
    public List<ScheduledOrder> Orders { get; set; } = [];

    /// <summary>
    /// A saved basket of the owner whose legs and accounts each run places instead of <see cref="Orders"/> and
    /// <see cref="AccountIds"/> (both empty then); expanded when the run is created, so edits to the basket apply to later runs.
    /// </summary>
    public Guid? BasketId { get; set; }

    /// <summary>Days of the week it runs on (IST calendar days).</summary>
    public List<DayOfWeek> Days { get; set; } = [];

    /// <summary>Wall-clock time in IST, whatever the server's zone.</summary>
    public TimeOnly TimeOfDay { get; set; } = ScheduleDraft.DefaultTime;

    /// <summary>Off: no runs, no warnings.</summary>
    public bool Enabled { get; set; }

    /// <summary>Off: runs are recorded with every order skipped (a reminder), nothing is placed.</summary>
    public bool AutoExecute { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One order of a schedule: the fields of an <see cref="OrderTicket"/> without the account.</summary>
public sealed class ScheduledOrder
{
    public string Exchange { get; set; } = "NSE";

    public string TradingSymbol { get; set; } = "";

    public TransactionType Side { get; set; } = TransactionType.Buy;

    public int Quantity { get; set; }

    public OrderType OrderType { get; set; } = OrderType.Market;

    public ProductType Product { get; set; } = ProductType.Cnc;

    public decimal? Price { get; set; }

    public decimal? TriggerPrice { get; set; }

    public OrderValidity Validity { get; set; } = OrderValidity.Day;

    public decimal? MarketProtection { get; set; }

    public OrderTicket ToTicket(Guid accountId) => new()
    {
        AccountId = accountId,
        Exchange = Exchange,
        TradingSymbol = TradingSymbol,
        Side = Side,
        Quantity = Quantity,
        OrderType = OrderType,
        Product = Product,
        Price = Price,
        TriggerPrice = TriggerPrice,
        Validity = Validity,
        MarketProtection = MarketProtection,
    };

    public static ScheduledOrder From(OrderTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return new()
        {
            Exchange = ticket.Exchange,
            TradingSymbol = ticket.TradingSymbol,
            Side = ticket.Side,
            Quantity = ticket.Quantity,
            OrderType = ticket.OrderType,
            Product = ticket.Product,
            Price = ticket.Price,
            TriggerPrice = ticket.TriggerPrice,
            Validity = ticket.Validity,
            MarketProtection = ticket.MarketProtection,
        };
    }
}

/// <summary>What the user submits to create or change a schedule. Orders are tickets whose account id is ignored.</summary>
public sealed record ScheduleDraft
{
    /// <summary>15:10 IST: late enough for closing-hour trades, early enough before the 15:30 close.</summary>
    public static readonly TimeOnly DefaultTime = new(15, 10);

    public string Name { get; init; } = "";

    public IReadOnlyList<Guid> AccountIds { get; init; } = [];

    public IReadOnlyList<OrderTicket> Orders { get; init; } = [];

    public IReadOnlyList<DayOfWeek> Days { get; init; } = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    public TimeOnly TimeOfDay { get; init; } = DefaultTime;

    public bool Enabled { get; init; } = true;

    public bool AutoExecute { get; init; }

    /// <summary>A saved basket to place instead of <see cref="Orders"/> on <see cref="AccountIds"/> (which are then ignored).</summary>
    public Guid? BasketId { get; init; }
}

/// <summary>A schedule as the pages show it.</summary>
public sealed record ScheduleView(
    Guid Id,
    string Name,
    IReadOnlyList<Guid> AccountIds,
    IReadOnlyList<OrderTicket> Orders,
    IReadOnlyList<DayOfWeek> Days,
    TimeOnly TimeOfDay,
    bool Enabled,
    bool AutoExecute,
    DateTimeOffset? NextRunAt,
    Guid? BasketId = null,
    string? BasketName = null);

/// <summary>The draft is invalid; nothing was saved.</summary>
public sealed class ScheduleValidationException(IReadOnlyList<string> errors)
    : ValidationFailedException("The schedule is invalid: " + string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>The schedule or run does not exist or belongs to someone else (deliberately the same).</summary>
public sealed class ScheduleNotFoundException(Guid id)
    : NotFoundException("That schedule does not exist, or it is not yours.")
{
    public Guid Id { get; } = id;
}

/// <summary>"Run now" refused: a run of this schedule is still in flight, and a second one would place its orders again.</summary>
public sealed class ScheduleRunInFlightException(Guid runId)
    : BrokerConsoleException("A run of this schedule is still in flight; wait for it to finish before running it again.")
{
    public Guid RunId { get; } = runId;
}
