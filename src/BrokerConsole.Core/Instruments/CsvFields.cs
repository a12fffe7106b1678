using System.Text;

namespace BrokerConsole.Core.Instruments;

/// <summary>
/// Splits one CSV line (RFC 4180 quoting: Kite quotes names that may hold commas). Masters have no line breaks inside
/// fields, so lines are read one by one.
/// </summary>
public static class CsvFields
{
    public static List<string> Split(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = new List<string>(32);
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c != '\r')
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }

    /// <summary>The lines of a text, without empty ones.</summary>
    public static IEnumerable<string> Lines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }
}
