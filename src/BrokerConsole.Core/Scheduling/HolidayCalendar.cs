using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Scheduling;

/// <summary>Exchange holidays (IST dates) on which no schedule runs.</summary>
public interface IHolidayCalendar
{
    /// <summary>Whether <paramref name="date"/> is an exchange holiday.</summary>
    bool IsHoliday(DateOnly date);
}

/// <summary>
/// Reads <see cref="SchedulingOptions.HolidayCalendarPath"/>: either a JSON array of "yyyy-MM-dd" strings, or
/// text with one date per line (a CSV's first column; lines starting with '#' and a non-date header are ignored).
/// The file is re-read when its write time changes, so next year's list can be dropped in without a restart.
/// </summary>
public sealed class HolidayCalendar(IOptions<SchedulingOptions> options, IHostEnvironment environment) : IHolidayCalendar
{
    private readonly Lock _lock = new();
    private HashSet<DateOnly> _dates = [];
    private DateTime _loadedWriteTime = DateTime.MinValue;

    public bool IsHoliday(DateOnly date)
    {
        var path = options.Value.HolidayCalendarPath;
        if (string.IsNullOrWhiteSpace(path))
        {
            return false;
        }

        var full = Path.IsPathRooted(path) ? path : Path.Combine(environment.ContentRootPath, path);
        if (!File.Exists(full))
        {
            // A configured but missing file is a setup error: refuse to guess that every day is a trading day.
            throw new FileNotFoundException($"Scheduling:HolidayCalendarPath points to a missing file: {full}", full);
        }

        lock (_lock)
        {
            var writeTime = File.GetLastWriteTimeUtc(full);
            if (writeTime != _loadedWriteTime)
            {
                _dates = Parse(File.ReadAllText(full));
                _loadedWriteTime = writeTime;
            }

            return _dates.Contains(date);
        }
    }

    /// <summary>Parses either format described on the class.</summary>
    public static HashSet<DateOnly> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new HashSet<DateOnly>();
        if (text.TrimStart().StartsWith('['))
        {
            foreach (var value in JsonSerializer.Deserialize<string[]>(text) ?? [])
            {
                result.Add(DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            return result;
        }

        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var first = line.Split(',')[0].Trim().Trim('"');
            if (DateOnly.TryParseExact(first, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                result.Add(date);
            }
        }

        return result;
    }
}
