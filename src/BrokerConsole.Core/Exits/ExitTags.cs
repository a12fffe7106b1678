using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace BrokerConsole.Core.Exits;

/// <summary>
/// Order tags of exits and of the kill switch: one per (plan or run, account, leg), the same every time it is derived,
/// so an answer lost while closing is found in the order book by that tag and never sent again.
/// </summary>
public static class ExitTags
{
    public const int Length = 18;

    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>"ex" + 16 base36 characters of SHA-256 over (plan, account, leg): 18 characters, within every broker's limit.</summary>
    public static string ForExit(Guid planId, Guid accountId, int leg) => Make("ex", FormattableString.Invariant($"exit|{planId:N}|{accountId:N}|{leg}"));

    /// <summary>"ks" + 16 base36 characters of SHA-256 over (kill-switch run, account, leg).</summary>
    public static string ForKillSwitch(Guid runId, Guid accountId, int leg) => Make("ks", FormattableString.Invariant($"kill|{runId:N}|{accountId:N}|{leg}"));

    private static string Make(string prefix, string input)
    {
        var value = new BigInteger(SHA256.HashData(Encoding.UTF8.GetBytes(input)), isUnsigned: true);
        var chars = new char[Length - prefix.Length];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[(int)(value % 36)];
            value /= 36;
        }

        return prefix + new string(chars);
    }
}
