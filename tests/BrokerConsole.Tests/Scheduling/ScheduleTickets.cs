using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Orders;

namespace BrokerConsole.Tests.Scheduling;

/// <summary>The limit buys the scheduler tests place on the Kite and Angel One sandboxes.</summary>
internal static class ScheduleTickets
{
    /// <summary>Tuesday 24 Nov 2026, 15:10 IST: the time the tests' schedules are due.</summary>
    public static readonly DateTimeOffset TuesdayDue = new(2026, 11, 24, 9, 40, 0, TimeSpan.Zero);

    public static OrderTicket Kite(decimal price = 1000m) => new()
    {
        Exchange = "NSE",
        TradingSymbol = "INFY",
        Quantity = 1,
        OrderType = OrderType.Limit,
        Price = price,
        Product = ProductType.Cnc,
    };

    public static OrderTicket Angel() => new()
    {
        Exchange = "NSE",
        TradingSymbol = "SBIN",
        Quantity = 1,
        OrderType = OrderType.Limit,
        Price = 700m,
        Product = ProductType.Cnc,
    };
}
