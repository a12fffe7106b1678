using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BrokerConsole.Core.Scheduling;

/// <summary>Order tags of scheduled runs: the same inputs always give the same tag.</summary>
public static class ScheduleTags
{
    public const int Length = 18;

    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>
    /// "sc" + 16 base36 characters of SHA-256 over (schedule, IST date, account, order index): 18 characters,
    /// within Kite's 20 and Angel One's "shorter than 20". 36^16 ≈ 8e24 values make a collision between
    /// distinct items practically impossible, and the unique index on run items would refuse one anyway.
    /// </summary>
    public static string For(Guid scheduleId, DateOnly date, Guid accountId, int orderIndex) =>
        FromInput(string.Create(CultureInfo.InvariantCulture, $"{scheduleId:N}|{date:yyyy-MM-dd}|{accountId:N}|{orderIndex}"));

    /// <summary>
    /// Tags of a "Run now" run: over the run id instead of the date, so a manual run never shares a tag with the
    /// day's clock run (or another manual run), and reconciliation of either finds only its own orders.
    /// </summary>
    public static string ForManualRun(Guid runId, Guid accountId, int orderIndex) =>
        FromInput(string.Create(CultureInfo.InvariantCulture, $"manual|{runId:N}|{accountId:N}|{orderIndex}"));

    /// <summary>Tags of a basket run: "bk" + 16 base36 characters over the run id, account and leg, so every confirm has its own.</summary>
    public static string ForBasketRun(Guid runId, Guid accountId, int legIndex) =>
        FromInput(string.Create(CultureInfo.InvariantCulture, $"basket|{runId:N}|{accountId:N}|{legIndex}"), "bk");

    private static string FromInput(string input, string prefix = "sc")
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(input));
        var chars = new char[Length - 2];
        var value = new System.Numerics.BigInteger(hash, isUnsigned: true);
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[(int)(value % 36)];
            value /= 36;
        }

        return prefix + new string(chars);
    }
}
