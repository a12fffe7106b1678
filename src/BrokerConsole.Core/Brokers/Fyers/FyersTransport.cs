using System.Text;
using System.Text.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers.Http;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Brokers.Fyers;

/// <summary>One Fyers call before it becomes an HTTP request.</summary>
internal sealed class FyersCall
{
    public required HttpMethod Method { get; init; }

    /// <summary>Path below the host root, e.g. <c>/api/v3/profile</c> or <c>/data/quotes?symbols=…</c>.</summary>
    public required string Path { get; init; }

    public required Uri ApiRoot { get; init; }

    public required string AppId { get; init; }

    /// <summary>Null for validate-authcode, which has no session yet.</summary>
    public string? AccessToken { get; init; }

    public object? Body { get; init; }

    /// <summary>Values that must never appear in an exception message (app secret hash, auth code).</summary>
    public IReadOnlyList<string> ExtraSecrets { get; init; } = [];

    /// <summary>GETs are reads; writes under <c>/api/v3/orders</c> are orders; the rest (validate-authcode, logout) are session calls.</summary>
    public BrokerCallKind Kind => Method == HttpMethod.Get ? BrokerCallKind.Read
        : Path.StartsWith("/api/v3/orders", StringComparison.Ordinal) ? BrokerCallKind.Order
        : BrokerCallKind.Session;
}

/// <summary>
/// Fyers API v3's protocol over the shared <see cref="BrokerHttpPipeline"/>: <c>Authorization: app_id:access_token</c>
/// (no Bearer), <c>version: 3</c>, a local 10/s limiter per app, and the <c>{"s","code","message"}</c> envelope mapped
/// through <see cref="FyersErrorMap"/>.
/// </summary>
internal sealed class FyersTransport
{
    public const string HttpClientName = "BrokerConsole.Fyers";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;
    private readonly FyersOptions _options;
    private readonly FyersRateLimiter _limiter;
    private readonly BrokerHttpPipeline _pipeline;

    public FyersTransport(HttpClient http, IOptions<FyersOptions> options, FyersRateLimiter limiter, BrokerHttpPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(options);
        _limiter = limiter;
        _http = http;
        _options = options.Value;
        _pipeline = pipeline;
    }

    public FyersOptions Options => _options;

    /// <summary>Sends the call and returns the whole success envelope (its payload key differs per endpoint).</summary>
    public Task<JsonElement> SendAsync(FyersCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return _pipeline.SendAsync(_http, new BrokerRequest
        {
            Broker = BrokerKind.Fyers,
            Method = call.Method,
            Uri = new Uri(call.ApiRoot.AbsoluteUri.TrimEnd('/') + call.Path, UriKind.Absolute),
            Kind = call.Kind,
            Timeout = _options.RequestTimeout,
            Retry = new BrokerReadRetry(_options.ReadRetryCount, _options.ReadRetryBaseDelay),
            PaceAsync = ct => _limiter.AcquireAsync(call.AppId, ct),
            Prepare = request =>
            {
                if (call.Body is not null)
                {
                    request.Content = new StringContent(JsonSerializer.Serialize(call.Body, Json), Encoding.UTF8, "application/json");
                }

                request.Headers.Add("version", "3");
                if (!string.IsNullOrEmpty(call.AccessToken))
                {
                    // Fyers' scheme-less header: "app_id:access_token".
                    request.Headers.TryAddWithoutValidation("Authorization", call.AppId + ":" + call.AccessToken);
                }
            },
            Secrets = [.. call.ExtraSecrets, call.AccessToken],
        }, Interpret, cancellationToken);
    }

    private static JsonElement Interpret(BrokerResponse response)
    {
        var status = response.Status;
        FyersEnvelope? envelope;
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(response.Body);
            root = document.RootElement.Clone();
            envelope = root.ValueKind == JsonValueKind.Object ? FyersEnvelope.Read(root) : null;
        }
        catch (JsonException ex)
        {
            // Cloudflare's HTML 403 (e.g. a plain POST /orders) or a proxy page: the status decides.
            throw response.IsSuccess
                ? new BrokerUnavailableException(BrokerKind.Fyers, UnavailableCause.MalformedResponse, status, null, null, ex)
                : FyersErrorMap.Map(status, null, null);
        }

        if (envelope is null)
        {
            throw new BrokerUnavailableException(BrokerKind.Fyers, UnavailableCause.MalformedResponse, status, null, null);
        }

        if (response.IsSuccess && envelope.S == "ok")
        {
            return root;
        }

        throw FyersErrorMap.Map(status, envelope.Code, response.Scrub(envelope.Message));
    }
}
