using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers.Http;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Brokers.AngelOne;

/// <summary>SmartAPI's per-endpoint rate-limit groups (reference §3.9), requests per second.</summary>
internal enum AngelEndpointClass
{
    /// <summary>loginByPassword, generateTokens, logout: 1/s.</summary>
    Login = 1,

    /// <summary>getProfile: 3/s.</summary>
    Profile = 3,

    /// <summary>getRMS: 2/s.</summary>
    Funds = 2,

    /// <summary>Order book, trade book, positions, holdings, searchScrip: 1/s.</summary>
    Book = 11,

    /// <summary>placeOrder/modifyOrder/cancelOrder: 10/s under the 2026 order cap.</summary>
    Order = 10,

    /// <summary>getLtpData, quote: 10/s.</summary>
    Market = 12,
}

/// <summary>One SmartAPI call, described before it becomes an HTTP request.</summary>
internal sealed class AngelCall
{
    public required HttpMethod Method { get; init; }

    /// <summary>Path below the API root, e.g. <c>/rest/secure/angelbroking/user/v1/getProfile</c>.</summary>
    public required string Path { get; init; }

    public required AngelEndpointClass EndpointClass { get; init; }

    public required Uri ApiRoot { get; init; }

    /// <summary>Sent as <c>X-PrivateKey</c>.</summary>
    public required string ApiKey { get; init; }

    /// <summary>The JWT; null for the login call.</summary>
    public string? AccessToken { get; init; }

    public object? Body { get; init; }

    /// <summary>Values that must never appear in an exception message (MPIN, TOTP).</summary>
    public IReadOnlyList<string> ExtraSecrets { get; init; } = [];

    /// <summary>Login-class calls are session calls and order writes are orders (both sent once); the rest are reads,
    /// POSTs included (quote, searchScrip).</summary>
    public BrokerCallKind Kind => EndpointClass switch
    {
        AngelEndpointClass.Login => BrokerCallKind.Session,
        AngelEndpointClass.Order => BrokerCallKind.Order,
        _ => BrokerCallKind.Read,
    };
}

/// <summary>
/// SmartAPI's protocol over the shared <see cref="BrokerHttpPipeline"/>: the six mandatory headers, the per-endpoint
/// limits, and both error dialects (<c>status/errorcode</c> and the gateway's <c>success/errorCode</c>) mapped through
/// <see cref="AngelErrorMap"/>.
/// </summary>
internal sealed class AngelTransport
{
    public const string HttpClientName = "BrokerConsole.AngelOne";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new LooseStringConverter() } };

    private readonly HttpClient _http;
    private readonly AngelOneOptions _options;
    private readonly AngelRateLimiter _limiter;
    private readonly BrokerHttpPipeline _pipeline;

    public AngelTransport(HttpClient http, IOptions<AngelOneOptions> options, AngelRateLimiter limiter, BrokerHttpPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options.Value;
        _limiter = limiter;
        _pipeline = pipeline;
    }

    public AngelOneOptions Options => _options;

    /// <summary>Sends the call and returns the envelope's <c>data</c> (default when SmartAPI sent <c>null</c>, as it does for empty lists).</summary>
    public Task<T?> SendAsync<T>(AngelCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return _pipeline.SendAsync(_http, new BrokerRequest
        {
            Broker = BrokerKind.AngelOne,
            Method = call.Method,
            Uri = new Uri(call.ApiRoot.AbsoluteUri.TrimEnd('/') + call.Path, UriKind.Absolute),
            Kind = call.Kind,
            Timeout = _options.RequestTimeout,
            Retry = new BrokerReadRetry(_options.ReadRetryCount, _options.ReadRetryBaseDelay),
            PaceAsync = ct => _limiter.AcquireAsync(call.ApiKey, call.EndpointClass, ct),
            Prepare = request => Prepare(request, call),
            Secrets = [.. call.ExtraSecrets, call.AccessToken],
        }, Interpret<T>, cancellationToken);
    }

    private void Prepare(HttpRequestMessage request, AngelCall call)
    {
        if (call.Body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(call.Body, Json), Encoding.UTF8, "application/json");
        }

        var headers = request.Headers;
        headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        headers.Add("X-UserType", "USER");
        headers.Add("X-SourceID", "WEB");
        headers.Add("X-ClientLocalIP", _options.ClientLocalIp);
        headers.Add("X-ClientPublicIP", _options.ClientPublicIp);
        headers.Add("X-MACAddress", _options.MacAddress);
        headers.Add("X-PrivateKey", call.ApiKey);
        if (!string.IsNullOrEmpty(call.AccessToken))
        {
            headers.Authorization = new AuthenticationHeaderValue("Bearer", call.AccessToken);
        }
    }

    private static T? Interpret<T>(BrokerResponse response)
    {
        var status = response.Status;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(response.Body);
        }
        catch (JsonException ex)
        {
            // The rate-limit 403 is plain text; a proxy error page is HTML. The status and text decide.
            if (response.IsSuccess)
            {
                throw new BrokerUnavailableException(BrokerKind.AngelOne, UnavailableCause.MalformedResponse, status, null, null, ex);
            }

            throw AngelErrorMap.Map(status, null, response.Scrub(response.Body));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new BrokerUnavailableException(BrokerKind.AngelOne, UnavailableCause.MalformedResponse, status, null, null);
            }

            var ok = Flag(root, "status") ?? Flag(root, "success");
            var code = Text(root, "errorcode") ?? Text(root, "errorCode");
            var message = Text(root, "message");
            if (ok != true || !response.IsSuccess || !string.IsNullOrEmpty(code))
            {
                throw AngelErrorMap.Map(status, code, response.Scrub(message));
            }

            if (!root.TryGetProperty("data", out var data) || data.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                return default;
            }

            try
            {
                return data.Deserialize<T>(Json);
            }
            catch (JsonException ex)
            {
                throw new BrokerUnavailableException(BrokerKind.AngelOne, UnavailableCause.MalformedResponse, status, null, null, ex);
            }
        }
    }

    private static bool? Flag(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        } : null;

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>
/// SmartAPI's per-endpoint limits per API key, enforced before a request leaves; a caller waits at most
/// <see cref="AngelOneOptions.RateLimitMaxWait"/>. Singleton: windows are shared by every client of a key.
/// </summary>
internal sealed class AngelRateLimiter
{
    private readonly BrokerRateLimiter<(string ApiKey, AngelEndpointClass Class)> _limiter;

    public AngelRateLimiter(IOptions<AngelOneOptions> options, BrokerWireClock clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        // Angel counts per clock second; the shared limiter keeps every call beyond the limit a full window after the
        // one it replaces, so no Angel second ever sees more than the limit, whatever the alignment.
        _limiter = new(BrokerKind.AngelOne, key => PerSecond(key.Class), options.Value.RateLimitMaxWait, clock.Time);
    }

    internal static int PerSecond(AngelEndpointClass endpointClass) => endpointClass switch
    {
        AngelEndpointClass.Login or AngelEndpointClass.Book => 1,
        AngelEndpointClass.Funds => 2,
        AngelEndpointClass.Profile => 3,
        _ => 10,
    };

    /// <summary>Waits until the request may start.</summary>
    /// <exception cref="RateLimitedException">No slot within the allowed wait; nothing was sent.</exception>
    public ValueTask AcquireAsync(string apiKey, AngelEndpointClass endpointClass, CancellationToken cancellationToken) =>
        _limiter.AcquireAsync((apiKey, endpointClass), cancellationToken);
}
