using System.Text;
using System.Text.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers.Http;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Brokers.Dhan;

/// <summary>Dhan's error body (reference §1.4); the code is authoritative over the status.</summary>
internal sealed record DhanError(string? ErrorType, string? ErrorCode, string? ErrorMessage);

/// <summary>
/// DhanHQ v2's protocol over the shared <see cref="BrokerHttpPipeline"/>: <c>access-token</c> + <c>client-id</c>
/// headers on the API, <c>app_id</c>/<c>app_secret</c> on consent calls, raw (unenveloped) success bodies, and the
/// <see cref="DhanError"/> shape mapped through <see cref="DhanErrorMap"/>. The PIN + TOTP login carries its secrets
/// in the query string, which the pipeline never logs.
/// </summary>
internal sealed class DhanTransport
{
    public const string HttpClientName = "BrokerConsole.Dhan";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;
    private readonly DhanRateLimiter _limiter;
    private readonly BrokerHttpPipeline _pipeline;

    public DhanTransport(HttpClient http, IOptions<DhanOptions> options, DhanRateLimiter limiter, BrokerHttpPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _limiter = limiter;
        _pipeline = pipeline;
        Options = options.Value;
    }

    public DhanOptions Options { get; }

    /// <summary>A trading-API call with the session's headers.</summary>
    public Task<JsonElement> SendAsync(HttpMethod method, Uri root, string path, string clientId, string accessToken, object? body, CancellationToken cancellationToken)
    {
        var kind = DhanRateLimiter.Classify(method, path) switch
        {
            DhanEndpointClass.Order => BrokerCallKind.Order,
            // Quotes are read by POST; every other write outside /orders is sent once too.
            DhanEndpointClass.Quote => BrokerCallKind.Read,
            _ => method == HttpMethod.Get ? BrokerCallKind.Read : BrokerCallKind.Session,
        };
        return SendCoreAsync(method, root, path, kind, new Dictionary<string, string> { ["access-token"] = accessToken, ["client-id"] = clientId }, body,
            [accessToken], ct => _limiter.AcquireAsync(clientId, method, path, ct), cancellationToken);
    }

    /// <summary>
    /// An auth-host call, sent once. The auth host only ever refuses credentials, so an "invalid authentication" answer
    /// there is a refusal (<see cref="BrokerRejectedException"/>), never an expired session.
    /// </summary>
    public async Task<JsonElement> SendAuthAsync(HttpMethod method, Uri root, string pathAndQuery, IReadOnlyDictionary<string, string> headers, IReadOnlyList<string> secrets, CancellationToken cancellationToken)
    {
        try
        {
            return await SendCoreAsync(method, root, pathAndQuery, BrokerCallKind.Session, headers, null, secrets, null, cancellationToken);
        }
        catch (SessionExpiredException ex)
        {
            throw new BrokerRejectedException(BrokerKind.Dhan, ex.HttpStatus, ex.ErrorCode, ex.BrokerMessage);
        }
    }

    private Task<JsonElement> SendCoreAsync(HttpMethod method, Uri root, string path, BrokerCallKind kind, IReadOnlyDictionary<string, string> headers, object? body,
        IReadOnlyList<string> secrets, Func<CancellationToken, ValueTask>? pace, CancellationToken cancellationToken) =>
        _pipeline.SendAsync(_http, new BrokerRequest
        {
            Broker = BrokerKind.Dhan,
            Method = method,
            Uri = new Uri(root.AbsoluteUri.TrimEnd('/') + path, UriKind.Absolute),
            Kind = kind,
            Timeout = Options.RequestTimeout,
            Retry = new BrokerReadRetry(Options.ReadRetryCount, Options.ReadRetryBaseDelay),
            PaceAsync = pace,
            Prepare = request =>
            {
                foreach (var (name, value) in headers)
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }

                request.Headers.Accept.ParseAdd("application/json");
                if (body is not null)
                {
                    request.Content = new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json");
                }
            },
            Secrets = [.. secrets],
        }, Interpret, cancellationToken);

    private static JsonElement Interpret(BrokerResponse response)
    {
        JsonElement root = default;
        try
        {
            if (!string.IsNullOrWhiteSpace(response.Body))
            {
                using var document = JsonDocument.Parse(response.Body);
                root = document.RootElement.Clone();
            }
        }
        catch (JsonException ex) when (response.IsSuccess)
        {
            throw new BrokerUnavailableException(BrokerKind.Dhan, UnavailableCause.MalformedResponse, response.Status, null, null, ex);
        }
        catch (JsonException)
        {
            // A proxy page: the status decides.
        }

        if (response.IsSuccess)
        {
            return root;
        }

        var error = root.ValueKind == JsonValueKind.Object ? ReadError(root) : null;
        throw DhanErrorMap.Map(response.Status, error?.ErrorCode, response.Scrub(error?.ErrorMessage));
    }

    private static DhanError ReadError(JsonElement root) => new(Text(root, "errorType"), Text(root, "errorCode"), Text(root, "errorMessage"));

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
