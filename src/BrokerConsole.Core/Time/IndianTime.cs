using System.Globalization;

namespace BrokerConsole.Core.Time;

/// <summary>Indian markets run on IST (UTC+05:30, no daylight saving) whatever the server's zone.</summary>
public static class IndianTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(5.5);

    public static DateTimeOffset ToIst(DateTimeOffset value) => value.ToOffset(Offset);

    /// <summary>How every time is shown to a trader: "24 Nov 2026, 15:10:00".</summary>
    public static string Format(DateTimeOffset value) =>
        ToIst(value).ToString("dd MMM yyyy, HH:mm:ss", CultureInfo.InvariantCulture);
}
