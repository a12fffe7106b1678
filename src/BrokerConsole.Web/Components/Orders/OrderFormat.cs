using System.Globalization;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Time;

namespace BrokerConsole.Web.Components.Orders;

/// <summary>Indian number formatting for money and times, shared by the Orders and Portfolio pages.</summary>
internal static class OrderFormat
{
    private static readonly CultureInfo _india = IndiaOrInvariant();

    public static string Money(decimal value) => value.ToString("#,##0.00", _india);

    public static string SignedMoney(decimal value) => (value > 0 ? "+" : "") + Money(value);

    public static string PnlClass(decimal value) => value > 0 ? "bc-pos" : value < 0 ? "bc-neg" : "";

    public static string Time(DateTimeOffset? at) => at is { } t ? IndianTime.ToIst(t).ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "";

    public static string StatusClass(OrderStatus status) => status switch
    {
        OrderStatus.Complete => "bc-status bc-status-complete",
        OrderStatus.Rejected => "bc-status bc-status-rejected",
        OrderStatus.Cancelled => "bc-status bc-status-cancelled",
        OrderStatus.Open or OrderStatus.TriggerPending or OrderStatus.Pending => "bc-status bc-status-open",
        _ => "bc-status",
    };

    private static CultureInfo IndiaOrInvariant()
    {
        try
        {
            // Lakh/crore grouping (12,34,567.00) is what Indian traders read at a glance.
            return CultureInfo.GetCultureInfo("en-IN");
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }

    /// <summary>The status a trader reads (Fyers' integer codes as words); see <see cref="OrderStatusText"/>.</summary>
    public static string StatusText(BrokerOrder order) => OrderStatusText.Describe(order);

    public static bool IsOpen(BrokerOrder order) => order.Status is OrderStatus.Open or OrderStatus.TriggerPending or OrderStatus.Pending;
}
