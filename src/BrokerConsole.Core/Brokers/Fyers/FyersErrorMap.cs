using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers.Http;

namespace BrokerConsole.Core.Brokers.Fyers;

/// <summary>
/// The one place where Fyers' negative codes and HTTP statuses become a <see cref="BrokerApiException"/>
/// (reference §2.4): -8, -15, -16, -17 and any 401 mean "log in again"; -429 or 429 is throttling.
/// </summary>
public static class FyersErrorMap
{
    private static readonly HashSet<int> _expiryCodes = [-8, -15, -16, -17];

    /// <summary>Maps a Fyers failure. <paramref name="brokerMessage"/> must already be free of secrets.</summary>
    public static BrokerApiException Map(int httpStatus, int? code, string? brokerMessage)
    {
        const BrokerKind Fyers = BrokerKind.Fyers;
        var codeText = code?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if ((code is { } c && _expiryCodes.Contains(c)) || httpStatus == 401)
        {
            return new SessionExpiredException(Fyers, httpStatus, codeText, brokerMessage);
        }

        // No published code for the static-IP rule; Fyers' wording names the IP.
        if (StaticIpRefusal.Map(Fyers, httpStatus, codeText, brokerMessage) is { } refusal)
        {
            return refusal;
        }

        if (code == -429 || httpStatus == 429)
        {
            return new RateLimitedException(Fyers, httpStatus, codeText, brokerMessage, TimeSpan.FromSeconds(1), local: false);
        }

        return httpStatus switch
        {
            >= 500 => new BrokerUnavailableException(Fyers, UnavailableCause.ServerError, httpStatus, codeText, brokerMessage),
            403 => new PermissionDeniedException(Fyers, httpStatus, codeText, brokerMessage),
            _ when code is < 0 => new BrokerRejectedException(Fyers, httpStatus, codeText, brokerMessage),
            >= 400 => new BrokerRejectedException(Fyers, httpStatus, codeText, brokerMessage),
            _ => new UnclassifiedBrokerException(Fyers, httpStatus, codeText, brokerMessage),
        };
    }
}
