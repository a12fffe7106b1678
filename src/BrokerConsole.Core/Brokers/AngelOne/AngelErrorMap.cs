using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers.Http;

namespace BrokerConsole.Core.Brokers.AngelOne;

/// <summary>
/// The one place where SmartAPI's error codes become a <see cref="BrokerApiException"/>. SmartAPI reports most
/// errors with HTTP 200 and a code (reference §3.4), so the code decides first and the status only when there is none.
/// </summary>
public static class AngelErrorMap
{
    /// <summary>Codes that mean "log in again": invalid/expired/missing JWT, refresh token problems, AMX session over.</summary>
    private static readonly HashSet<string> _expiryCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "AG8001", "AG8002", "AG8003", "AB8050", "AB8051", "AB1010", "AB1011",
    };

    /// <summary>Codes for a server-side problem at Angel rather than a refusal of this request.</summary>
    private static readonly HashSet<string> _serverCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "AB1004", "AB2001",
    };

    /// <summary>Plain-text body of SmartAPI's rate-limit 403 (reference §3.4).</summary>
    public const string RateLimitText = "exceeding access rate";

    /// <summary>Maps a SmartAPI failure. <paramref name="brokerMessage"/> must already be free of secrets.</summary>
    /// <param name="httpStatus">The response status (200 for most SmartAPI errors).</param>
    /// <param name="errorCode">The envelope's <c>errorcode</c> or gateway <c>errorCode</c>, if any.</param>
    /// <param name="brokerMessage">The envelope's <c>message</c>, or a non-JSON body.</param>
    public static BrokerApiException Map(int httpStatus, string? errorCode, string? brokerMessage)
    {
        const BrokerKind Angel = BrokerKind.AngelOne;
        var code = string.IsNullOrWhiteSpace(errorCode) ? null : errorCode.Trim();
        if (code is not null && _expiryCodes.Contains(code))
        {
            return new SessionExpiredException(Angel, httpStatus, code, brokerMessage);
        }

        // No published code exists for the static-IP rule; Angel's wording names the IP. Checked before the
        // generic codes so an IP refusal is never shown as a plain rejection.
        if (StaticIpRefusal.Map(Angel, httpStatus, code, brokerMessage) is { } refusal)
        {
            return refusal;
        }

        if (httpStatus == 429 || (httpStatus == 403 && brokerMessage is not null && brokerMessage.Contains(RateLimitText, StringComparison.OrdinalIgnoreCase)))
        {
            return new RateLimitedException(Angel, httpStatus, code, brokerMessage, TimeSpan.FromSeconds(1), local: false);
        }

        if (code is not null && _serverCodes.Contains(code))
        {
            return new BrokerUnavailableException(Angel, UnavailableCause.ServerError, httpStatus, code, brokerMessage);
        }

        if (code is "AB1005" or "AB1006")
        {
            return new PermissionDeniedException(Angel, httpStatus, code, brokerMessage);
        }

        return httpStatus switch
        {
            >= 500 => new BrokerUnavailableException(Angel, UnavailableCause.ServerError, httpStatus, code, brokerMessage),
            // Some gateways answer an invalid token with 401 and no code.
            401 => new SessionExpiredException(Angel, httpStatus, code, brokerMessage),
            403 => new PermissionDeniedException(Angel, httpStatus, code, brokerMessage),
            _ when code is not null => new BrokerRejectedException(Angel, httpStatus, code, brokerMessage),
            >= 400 => new BrokerRejectedException(Angel, httpStatus, code, brokerMessage),
            _ => new UnclassifiedBrokerException(Angel, httpStatus, code, brokerMessage),
        };
    }
}
