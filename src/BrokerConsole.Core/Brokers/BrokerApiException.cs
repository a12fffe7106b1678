using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Errors;

namespace BrokerConsole.Core.Brokers;

/// <summary>
/// A broker call failed. Subclasses name the cases the app acts on differently; catch this base
/// type for "anything the broker side did wrong". <see cref="Exception.Message"/> is safe to show a
/// user: it never contains an access token, API secret, request token or checksum.
/// </summary>
public abstract class BrokerApiException : BrokerConsoleException
{
    protected BrokerApiException(BrokerKind broker, string message, int? httpStatus, string? errorCode, string? brokerMessage, Exception? innerException = null)
        : base(Compose(broker, message, Escape(brokerMessage)), innerException)
    {
        Broker = broker;
        HttpStatus = httpStatus;
        ErrorCode = Escape(errorCode);
        BrokerMessage = Escape(brokerMessage);
    }

    public BrokerKind Broker { get; }

    /// <summary>The HTTP status the broker answered with; null when no response arrived.</summary>
    public int? HttpStatus { get; }

    /// <summary>The broker's error code or type: Kite <c>error_type</c>, Dhan <c>DH-9xx</c>, Angel <c>AGxxxx</c>, Fyers code.</summary>
    public string? ErrorCode { get; }

    /// <summary>The broker's own message, with any secret the client knew of removed.</summary>
    public string? BrokerMessage { get; }

    /// <summary>Whether repeating the same call later might succeed.</summary>
    public virtual bool IsTransient => false;

    internal static string BrokerName(BrokerKind broker) => broker switch
    {
        BrokerKind.AngelOne => "Angel One",
        _ => broker.ToString(),
    };

    // The broker's words end up in log lines (a logged exception, a refusal's code): control characters escaped here,
    // once, so a CR/LF from the broker cannot forge a log entry wherever the exception goes. Kept whole for the user.
    private static string? Escape(string? text) => text is null ? null : Logging.LogText.Escape(text, 4000);

    private static string Compose(BrokerKind broker, string message, string? brokerMessage) =>
        string.IsNullOrWhiteSpace(brokerMessage) ? message : $"{message} {BrokerName(broker)} said: {brokerMessage}";
}

/// <summary>
/// The session (access token) is no longer valid: expired at the daily flush, logged out, or replaced
/// by a newer login. Clear the stored token and ask the user to log in again. Retrying cannot help.
/// </summary>
public sealed class SessionExpiredException(BrokerKind broker, int? httpStatus, string? errorCode, string? brokerMessage)
    : BrokerApiException(broker, $"The {BrokerName(broker)} session has expired or was ended. Log in to {BrokerName(broker)} again.", httpStatus, errorCode, brokerMessage);

/// <summary>
/// Too many requests: either the broker answered 429 or the local limiter would have had to wait
/// longer than allowed. Wait <see cref="RetryAfter"/> (when known) before trying again.
/// </summary>
public sealed class RateLimitedException(BrokerKind broker, int? httpStatus, string? errorCode, string? brokerMessage, TimeSpan? retryAfter, bool local, string? localReason = null)
    : BrokerApiException(broker, local
        ? localReason ?? $"Too many requests to {BrokerName(broker)} right now; the request was not sent. Try again in a moment."
        : $"{BrokerName(broker)} is limiting requests. Try again in a moment.", httpStatus, errorCode, brokerMessage)
{
    /// <summary>How long to wait before the next attempt, when known.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>True when the local limiter refused before anything was sent.</summary>
    public bool IsLocal { get; } = local;

    public override bool IsTransient => true;
}

/// <summary>
/// The broker understood the request and said no: bad input, order refused, insufficient margin or
/// holdings, unknown order. Do not retry the same request; show the broker's message.
/// </summary>
public sealed class BrokerRejectedException(BrokerKind broker, int? httpStatus, string? errorCode, string? brokerMessage)
    : BrokerApiException(broker, $"{BrokerName(broker)} rejected the request.", httpStatus, errorCode, brokerMessage);

/// <summary>
/// The app (API key) may not make this call, e.g. an add-on is not subscribed. Not a session problem:
/// logging in again does not help.
/// </summary>
public sealed class PermissionDeniedException(BrokerKind broker, int? httpStatus, string? errorCode, string? brokerMessage)
    : BrokerApiException(broker, $"This {BrokerName(broker)} app is not permitted to make that call.", httpStatus, errorCode, brokerMessage);

/// <summary>Why a broker could not serve a request.</summary>
public enum UnavailableCause
{
    /// <summary>No connection could be made (DNS, refused, reset, TLS).</summary>
    Unreachable = 1,

    /// <summary>No answer within the per-call timeout.</summary>
    Timeout = 2,

    /// <summary>The broker answered with a server-side error (5xx, OMS down, network/data exception).</summary>
    ServerError = 3,

    /// <summary>The broker answered with something that is not its documented response shape.</summary>
    MalformedResponse = 4,
}

/// <summary>
/// The broker could not be reached or could not serve the request. Reads may be retried later; an
/// order call that ends here may or may not have reached the broker: reconcile through its tag.
/// </summary>
public sealed class BrokerUnavailableException(BrokerKind broker, UnavailableCause cause, int? httpStatus, string? errorCode, string? brokerMessage, Exception? innerException = null)
    : BrokerApiException(broker, Describe(broker, cause), httpStatus, errorCode, brokerMessage, innerException)
{
    public UnavailableCause Cause { get; } = cause;

    public override bool IsTransient => Cause != UnavailableCause.MalformedResponse;

    /// <summary>
    /// False only when the request certainly never reached the broker: no connection was made (name lookup, refused,
    /// TLS), or the broker itself answered with its own error envelope. A timeout, a garbled answer, a connection that
    /// broke after the request went out, or a 5xx page without the broker's envelope (a gateway in front of it) may
    /// all hide an order the broker accepted: for an order that means "unknown", never "not placed".
    /// </summary>
    public bool MayHaveArrived => Cause switch
    {
        UnavailableCause.Unreachable => !NeverConnected(InnerException),
        UnavailableCause.ServerError => ErrorCode is null,
        _ => true,
    };

    private static bool NeverConnected(Exception? failure) =>
        failure is HttpRequestException
        {
            HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
                or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError,
        };

    private static string Describe(BrokerKind broker, UnavailableCause cause) => cause switch
    {
        UnavailableCause.Unreachable => $"{BrokerName(broker)} could not be reached. Check the network and try again.",
        UnavailableCause.Timeout => $"{BrokerName(broker)} did not answer in time. Try again shortly.",
        UnavailableCause.MalformedResponse => $"{BrokerName(broker)} sent a response that could not be understood.",
        _ => $"{BrokerName(broker)} is having trouble serving requests. Try again shortly.",
    };
}

/// <summary>
/// The broker refused an order request (place, modify, cancel) because it did not come from the static IP
/// registered for the account's API app (SEBI retail-algo rules, April 2026). Reads are not affected.
/// Logging in again does not help: register this server's public IP with the broker, or run from the registered one.
/// </summary>
public sealed class StaticIpRejectedException(BrokerKind broker, int? httpStatus, string? errorCode, string? brokerMessage)
    : BrokerApiException(broker, $"{BrokerName(broker)} refused the order because it did not come from the static IP registered for this API app. Register this server's public IP with {BrokerName(broker)} (or place orders from the registered IP).", httpStatus, errorCode, brokerMessage);

/// <summary>A broker error that fits none of the other cases.</summary>
public sealed class UnclassifiedBrokerException(BrokerKind broker, int? httpStatus, string? errorCode, string? brokerMessage)
    : BrokerApiException(broker, $"{BrokerName(broker)} returned an unexpected error.", httpStatus, errorCode, brokerMessage);
