using System.Globalization;
using System.Text;

namespace BrokerConsole.Core.Logging;

/// <summary>
/// A value from outside (a postback field, a broker's error text, a user name) made safe for one log line: control
/// characters become <c>\uXXXX</c>, so a CR/LF in a field cannot forge a second log entry, and it is cut to a length.
/// </summary>
public static class LogText
{
    public const int MaxLength = 120;

    public static string Escape(string? value) => Escape(value, MaxLength);

    /// <summary>The same with a longer cut, for a value a person must read whole (a broker's message, a summary).</summary>
    public static string Escape(string? value, int maxLength)
    {
        if (value is null)
        {
            return "(none)";
        }

        var builder = new StringBuilder(Math.Min(value.Length, maxLength) + 8);
        foreach (var c in value.Length > maxLength ? value[..maxLength] : value)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return value.Length > maxLength ? builder.Append('…').ToString() : builder.ToString();
    }
}
