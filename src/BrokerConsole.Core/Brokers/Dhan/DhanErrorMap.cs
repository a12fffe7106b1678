using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers.Http;

namespace BrokerConsole.Core.Brokers.Dhan;

/// <summary>
/// The one place where Dhan's <c>errorCode</c> (DH-9xx, data-API 8xx) becomes a <see cref="BrokerApiException"/>
/// (reference §1.4): DH-901 and data codes 807/808/809 mean "log in again", the code is authoritative over the status.
/// </summary>
public static class DhanErrorMap
{
    public static BrokerApiException Map(int httpStatus, string? errorCode, string? brokerMessage)
    {
        const BrokerKind Dhan = BrokerKind.Dhan;
        var code = string.IsNullOrWhiteSpace(errorCode) ? null : errorCode.Trim();
        switch (code)
        {
            case "DH-901" or "807" or "808" or "809":
                return new SessionExpiredException(Dhan, httpStatus, code, brokerMessage);
            case "DH-904" or "805":
                return new RateLimitedException(Dhan, httpStatus, code, brokerMessage, TimeSpan.FromSeconds(1), local: false);
        }

        // No published code for the static-IP rule; the message names the IP.
        if (StaticIpRefusal.Map(Dhan, httpStatus, code, brokerMessage) is { } refusal)
        {
            return refusal;
        }

        return code switch
        {
            "DH-902" or "806" => new PermissionDeniedException(Dhan, httpStatus, code, brokerMessage),
            "DH-908" or "DH-909" or "800" => new BrokerUnavailableException(Dhan, UnavailableCause.ServerError, httpStatus, code, brokerMessage),
            "DH-903" or "DH-905" or "DH-906" or "DH-907" or "DH-910" => new BrokerRejectedException(Dhan, httpStatus, code, brokerMessage),
            _ => httpStatus switch
            {
                >= 500 => new BrokerUnavailableException(Dhan, UnavailableCause.ServerError, httpStatus, code, brokerMessage),
                401 => new SessionExpiredException(Dhan, httpStatus, code, brokerMessage),
                429 => new RateLimitedException(Dhan, httpStatus, code, brokerMessage, TimeSpan.FromSeconds(1), local: false),
                403 => new PermissionDeniedException(Dhan, httpStatus, code, brokerMessage),
                >= 400 => new BrokerRejectedException(Dhan, httpStatus, code, brokerMessage),
                _ => new UnclassifiedBrokerException(Dhan, httpStatus, code, brokerMessage),
            },
        };
    }
}
