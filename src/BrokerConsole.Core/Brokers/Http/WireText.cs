using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BrokerConsole.Core.Brokers.Http;

/// <summary>
/// Reading a broker's answer into its wire records, leniently: brokers send some numbers as strings and some ids as
/// numbers, so records hold text and these helpers parse it. A shape that does not fit reads as no answer.
/// </summary>
internal static class WireText
{
    private static readonly JsonSerializerOptions _options = new() { Converters = { new LooseText() } };

    /// <summary>The answer as <typeparamref name="T"/>; a shape that does not fit is the caller's "malformed".</summary>
    public static T? Read<T>(JsonElement root)
        where T : class
    {
        try
        {
            return root.ValueKind == JsonValueKind.Object ? root.Deserialize<T>(_options) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A JSON array as records; an element of the wrong shape reads as a record with no values.</summary>
    public static List<T> ReadList<T>(JsonElement array)
        where T : class =>
        [.. array.EnumerateArray().Select(e => Read<T>(e) ?? ReadEmpty<T>())];

    /// <summary>The record with every field absent.</summary>
    public static T ReadEmpty<T>()
        where T : class => JsonSerializer.Deserialize<T>("{}", _options)!;

    public static decimal Dec(string? value) =>
        decimal.TryParse(value, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d) ? d : 0m;

    public static int Int(string? value) => (int)Dec(value);

    /// <summary>
    /// An order's price: blank is none (0), anything else must be a number. A lenient 0 for "12O0.5" would show a limit
    /// order at ₹0; throwing lets <see cref="UnreadableOrders"/> mark that one order unreadable instead.
    /// </summary>
    /// <exception cref="FormatException">Text that is not a number.</exception>
    public static decimal OrderDec(string? value) =>
        string.IsNullOrWhiteSpace(value) ? 0m
        : decimal.TryParse(value, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d) ? d
        : throw new FormatException("An order value is not a number.");

    /// <summary>An order's quantity: blank is 0, anything else a whole number in range.</summary>
    /// <exception cref="FormatException">Not a number, or not whole.</exception>
    /// <exception cref="OverflowException">Out of range.</exception>
    public static int OrderInt(string? value)
    {
        var number = OrderDec(value);
        return number == decimal.Truncate(number) ? decimal.ToInt32(number) : throw new FormatException("An order quantity is not a whole number.");
    }

    public static long Long(string? value) => long.TryParse(value, out var l) ? l : 0;

    /// <summary>Text blank or absent is no value (Fyers sends "" for an empty exchange id or message).</summary>
    public static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>A string, number or boolean as its text; an object or array where a value was expected is no value.</summary>
    private sealed class LooseText : JsonConverter<string>
    {
        public override bool HandleNull => true;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    return reader.GetString();
                case JsonTokenType.Number:
                    return System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                case JsonTokenType.True:
                    return "true";
                case JsonTokenType.False:
                    return "false";
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    reader.Skip();
                    return null;
                default:
                    return null;
            }
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            writer.WriteStringValue(value);
        }
    }
}
