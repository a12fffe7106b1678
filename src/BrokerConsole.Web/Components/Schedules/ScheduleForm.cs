using System.Globalization;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Scheduling;

namespace BrokerConsole.Web.Components.Schedules;

/// <summary>
/// What the schedule editor holds while the user types, and its checks: each message is keyed by the field it is
/// about ("Name", "Accounts", "Days", "Time", "0.Price" for the first order's price), so the editor shows it under
/// that field. The same rules as the service (which checks again on save) plus the chosen brokers' symbol rules.
/// </summary>
public sealed class ScheduleForm
{
    public Guid? Id { get; init; }

    public string Name { get; set; } = "";

    public IReadOnlyCollection<Guid> AccountIds { get; set; } = [];

    public HashSet<DayOfWeek> Days { get; init; } = [];

    public string Time { get; set; } = ScheduleDraft.DefaultTime.ToString("HH:mm", CultureInfo.InvariantCulture);

    public bool Enabled { get; set; } = true;

    /// <summary>Place the orders at the scheduled time; off = record the run, place nothing.</summary>
    public bool PlaceOrders { get; set; }

    public List<ScheduledOrder> Orders { get; init; } = [];

    /// <summary>Place a saved basket (its orders and accounts as they are at each run) instead of orders of its own.</summary>
    public bool UsesBasket { get; set; }

    public Guid? BasketId { get; set; }

    public static ScheduleForm New()
    {
        var draft = new ScheduleDraft();
        return new ScheduleForm { Days = [.. draft.Days], Orders = [new ScheduledOrder { Quantity = 1 }] };
    }

    public static ScheduleForm From(ScheduleView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new ScheduleForm
        {
            Id = view.Id,
            Name = view.Name,
            AccountIds = [.. view.AccountIds],
            Days = [.. view.Days],
            Time = view.TimeOfDay.ToString("HH:mm", CultureInfo.InvariantCulture),
            Enabled = view.Enabled,
            PlaceOrders = view.AutoExecute,
            Orders = view.Orders.Count > 0 ? [.. view.Orders.Select(ScheduledOrder.From)] : [new ScheduledOrder { Quantity = 1 }],
            UsesBasket = view.BasketId is not null,
            BasketId = view.BasketId,
        };
    }

    public static string OrderKey(int index, string field) => $"{index}.{field}";

    /// <summary>Every problem, keyed by field; empty when the schedule may be saved.</summary>
    public Dictionary<string, string> Validate(IReadOnlyDictionary<Guid, AccountSummary> accounts, IBrokerModules brokers)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(brokers);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > 100)
        {
            errors["Name"] = "Give the schedule a name (1 to 100 characters).";
        }

        if (UsesBasket && BasketId is null)
        {
            errors["Basket"] = "Choose a saved basket.";
        }

        if (!UsesBasket && AccountIds.Count == 0)
        {
            errors["Accounts"] = "Choose at least one account.";
        }

        if (Days.Count == 0)
        {
            errors["Days"] = "Choose at least one day of the week.";
        }

        if (!TryTime(out _))
        {
            errors["Time"] = "Enter the time as HH:mm (IST), e.g. 15:10.";
        }

        // A basket brings its own orders and accounts, checked when it was saved and again by the run.
        for (var i = 0; i < (UsesBasket ? 0 : Orders.Count); i++)
        {
            Orders[i].TradingSymbol = Orders[i].TradingSymbol.Trim().ToUpperInvariant();
            foreach (var error in OrderTicketValidator.Validate(Orders[i].ToTicket(Guid.NewGuid())))
            {
                errors.TryAdd(OrderKey(i, error.Field), error.Message);
            }

            foreach (var account in AccountIds.Select(accounts.GetValueOrDefault).OfType<AccountSummary>())
            {
                if (brokers.For(account.Broker).SymbolProblem(Orders[i].TradingSymbol) is { } problem)
                {
                    errors.TryAdd(OrderKey(i, nameof(ScheduledOrder.TradingSymbol)), $"{account.DisplayName}: {problem}");
                }
            }
        }

        return errors;
    }

    public ScheduleDraft ToDraft()
    {
        TryTime(out var time);
        return new ScheduleDraft
        {
            Name = Name.Trim(),
            AccountIds = UsesBasket ? [] : [.. AccountIds],
            BasketId = UsesBasket ? BasketId : null,
            Days = [.. Days.OrderBy(d => ((int)d + 6) % 7)],
            TimeOfDay = time,
            Enabled = Enabled,
            AutoExecute = PlaceOrders,
            Orders = UsesBasket ? [] : [.. Orders.Select(o => o.ToTicket(Guid.Empty))],
        };
    }

    private bool TryTime(out TimeOnly time) =>
        TimeOnly.TryParseExact(Time.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
