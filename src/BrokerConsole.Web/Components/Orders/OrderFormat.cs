using System.Globalization;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Time;
using MudBlazor;

namespace BrokerConsole.Web.Components.Orders;

/// <summary>Indian number formatting for money and times, and the colours and icons they carry, shared by the Orders and Portfolio pages.</summary>
internal static class OrderFormat
{
    private static readonly CultureInfo _india = IndiaOrInvariant();

    public static string Money(decimal value) => value.ToString("#,##0.00", _india);

    /// <summary>A price with its instrument's precision (<see cref="PricePrecision"/>): USDINR 72.7550, INFY 1,412.95.</summary>
    public static string Price(decimal value, string? exchange, decimal? tickSize = null) =>
        value.ToString("#,##0." + new string('0', PricePrecision.Decimals(exchange, tickSize)), _india);

    public static string SignedMoney(decimal value) => (value > 0 ? "+" : "") + Money(value);

    /// <summary>Profit green, loss red, flat in the text colour; the sign says the same for anyone who cannot tell the colours apart.</summary>
    public static string PnlClass(decimal value) => value > 0 ? "mud-success-text" : value < 0 ? "mud-error-text" : "";

    public static string Time(DateTimeOffset? at) => at is { } t ? IndianTime.ToIst(t).ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "";

    /// <summary>Green for a fill, red for a refusal, grey for a cancel, blue while it still works at the exchange.</summary>
    public static Color StatusColor(OrderStatus status) => status switch
    {
        OrderStatus.Complete => Color.Success,
        OrderStatus.Rejected => Color.Error,
        OrderStatus.Cancelled => Color.Default,
        OrderStatus.Open or OrderStatus.TriggerPending or OrderStatus.Pending => Color.Info,
        _ => Color.Default,
    };

    public static string StatusIcon(OrderStatus status) => status switch
    {
        OrderStatus.Complete => Icons.Material.Filled.CheckCircle,
        OrderStatus.Rejected => Icons.Material.Filled.Error,
        OrderStatus.Cancelled => Icons.Material.Filled.Block,
        OrderStatus.TriggerPending => Icons.Material.Filled.PendingActions,
        _ => Icons.Material.Filled.Schedule,
    };

    public static Color SideColor(TransactionType side) => side == TransactionType.Buy ? Color.Success : Color.Error;

    public static string SideIcon(TransactionType side) =>
        side == TransactionType.Buy ? Icons.Material.Filled.NorthEast : Icons.Material.Filled.SouthEast;

    /// <summary>A number as the browser tests read it back from a field's <c>data-value</c>: invariant, no trailing zeros.</summary>
    public static string Invariant(decimal? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "";

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

    /// <summary>The status a trader reads, the same words for every broker; see <see cref="OrderStatusText"/>.</summary>
    public static string StatusText(BrokerOrder order) => OrderStatusText.Describe(order);

    public static bool IsOpen(BrokerOrder order) => order.Status is OrderStatus.Open or OrderStatus.TriggerPending or OrderStatus.Pending;
}
