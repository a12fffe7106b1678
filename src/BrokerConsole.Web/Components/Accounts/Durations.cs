namespace BrokerConsole.Web.Components.Accounts;

public static class Durations
{
    /// <summary>"5h 12m", "12m", "under a minute": what a trader glances at.</summary>
    public static string Format(TimeSpan value) => value switch
    {
        { TotalMinutes: < 1 } => "under a minute",
        { TotalHours: < 1 } => $"{value.Minutes}m",
        _ => $"{(int)value.TotalHours}h {value.Minutes:00}m",
    };
}
