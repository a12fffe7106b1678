using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers.Http;

namespace BrokerConsole.Core.Brokers.Zerodha;

/// <summary>
/// The one place where Kite's HTTP status and <c>error_type</c> become a <see cref="BrokerApiException"/>.
/// Order of the rules matters and follows kite-connect.md §4: session expiry is keyed on
/// <c>TokenException</c> alone (a 403 may also be a PermissionException); throttling is 429 or
/// NetworkException "Too many requests"; the remaining types and statuses fall back by class.
/// </summary>
public static class KiteErrorMap
{
    /// <summary>Kite error types the broker uses for "the request itself was refused".</summary>
    private static readonly HashSet<string> _rejectionTypes = new(StringComparer.Ordinal)
    {
        "InputException", "OrderException", "MarginException", "HoldingException", "UserException",
    };

    /// <summary>Maps a Kite error response. <paramref name="brokerMessage"/> must already be free of secrets.</summary>
    /// <param name="httpStatus">The response status.</param>
    /// <param name="errorType">The envelope's <c>error_type</c>, if any.</param>
    /// <param name="brokerMessage">The envelope's <c>message</c>, if any.</param>
    /// <param name="retryAfter">The <c>Retry-After</c> header, if any.</param>
    public static BrokerApiException Map(int httpStatus, string? errorType, string? brokerMessage, TimeSpan? retryAfter = null)
    {
        const BrokerKind Kite = BrokerKind.Zerodha;
        if (errorType == "TokenException")
        {
            return new SessionExpiredException(Kite, httpStatus, errorType, brokerMessage);
        }

        // Kite publishes no type for the static-IP rule either: its wording decides, as for every broker.
        if (StaticIpRefusal.Map(Kite, httpStatus, errorType, brokerMessage) is { } refusal)
        {
            return refusal;
        }

        if (errorType == "PermissionException")
        {
            return new PermissionDeniedException(Kite, httpStatus, errorType, brokerMessage);
        }

        if (httpStatus == 429 || (errorType == "NetworkException" && IsTooManyRequests(brokerMessage)))
        {
            return new RateLimitedException(Kite, httpStatus, errorType, brokerMessage, retryAfter ?? TimeSpan.FromSeconds(1), local: false);
        }

        if (errorType is not null && _rejectionTypes.Contains(errorType))
        {
            return new BrokerRejectedException(Kite, httpStatus, errorType, brokerMessage);
        }

        if (errorType is "NetworkException" or "DataException")
        {
            return new BrokerUnavailableException(Kite, UnavailableCause.ServerError, httpStatus, errorType, brokerMessage);
        }

        return httpStatus switch
        {
            >= 500 => new BrokerUnavailableException(Kite, UnavailableCause.ServerError, httpStatus, errorType, brokerMessage),
            401 or 403 => new PermissionDeniedException(Kite, httpStatus, errorType, brokerMessage),
            // 400 bad params, 404 unknown order, 405, 410, 428 holdings need depository authorisation.
            >= 400 => new BrokerRejectedException(Kite, httpStatus, errorType, brokerMessage),
            _ => new UnclassifiedBrokerException(Kite, httpStatus, errorType, brokerMessage),
        };
    }

    private static bool IsTooManyRequests(string? message) =>
        message is not null && message.Contains("too many requests", StringComparison.OrdinalIgnoreCase);
}
