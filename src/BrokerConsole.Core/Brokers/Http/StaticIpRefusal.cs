using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Brokers.Http;

/// <summary>
/// Recognises the SEBI static-IP refusal (April 2026) in a broker's words. No broker publishes a code for it, so every
/// broker's error map asks here first: a refusal that names the IP and calls it static, whitelisted or registered.
/// One rule, so the four brokers give the same <see cref="StaticIpRejectedException"/> and the same wording.
/// </summary>
internal static class StaticIpRefusal
{
    public static bool Matches(string? brokerMessage) =>
        brokerMessage is not null
        && brokerMessage.Contains("IP", StringComparison.Ordinal)
        && (brokerMessage.Contains("static", StringComparison.OrdinalIgnoreCase)
            || brokerMessage.Contains("whitelist", StringComparison.OrdinalIgnoreCase)
            || brokerMessage.Contains("registered", StringComparison.OrdinalIgnoreCase));

    /// <summary>The typed refusal when <paramref name="brokerMessage"/> is one, else null.</summary>
    public static StaticIpRejectedException? Map(BrokerKind broker, int httpStatus, string? errorCode, string? brokerMessage) =>
        Matches(brokerMessage) ? new StaticIpRejectedException(broker, httpStatus, errorCode, brokerMessage) : null;
}
