using System.Security.Cryptography;

namespace BrokerConsole.Core.Orders;

/// <summary>Order tags the console puts on every placement (Kite: alphanumeric, at most 20 characters).</summary>
public static class OrderTags
{
    public const int MaxLength = 20;

    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>
    /// "bc" + base36 of the Unix milliseconds (8 chars until 2059) + 8 random base36 characters: 18
    /// characters, sortable by time, and with 36^8 ≈ 2.8e12 random values per millisecond a collision
    /// is practically impossible (the database's unique index would still refuse one).
    /// </summary>
    public static string New(DateTimeOffset now)
    {
        var time = ToBase36((ulong)now.ToUnixTimeMilliseconds()).PadLeft(8, '0');
        Span<char> random = stackalloc char[8];
        for (var i = 0; i < random.Length; i++)
        {
            random[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return "bc" + time + new string(random);
    }

    /// <summary>Whether a tag fits the broker's rules (alphanumeric, 1..20 characters).</summary>
    public static bool IsValid(string? tag) =>
        tag is { Length: > 0 and <= MaxLength } && tag.All(char.IsAsciiLetterOrDigit);

    private static string ToBase36(ulong value)
    {
        if (value == 0)
        {
            return "0";
        }

        var chars = new Stack<char>();
        while (value > 0)
        {
            chars.Push(Alphabet[(int)(value % 36)]);
            value /= 36;
        }

        return new string([.. chars]);
    }
}
