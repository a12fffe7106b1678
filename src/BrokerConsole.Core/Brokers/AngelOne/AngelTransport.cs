using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BrokerConsole.Core.Accounts;
using Microsoft.Extensions.Logging;
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
}

/// <summary>
/// The typed <see cref="HttpClient"/> for SmartAPI: local rate limits, per-attempt timeout, the six mandatory
/// headers, both error dialects (<c>status/errorcode</c> and the gateway's <c>success/errorCode</c>), and error
/// mapping. Nothing is retried: SmartAPI's 1/s limits make blind retries counter-productive. Logs method and path only.
/// </summary>
internal sealed partial class AngelTransport
{
    public const string HttpClientName = "BrokerConsole.AngelOne";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new LooseStringConverter() } };

    private readonly HttpClient _http;
    private readonly AngelOneOptions _options;
    private readonly AngelRateLimiter _limiter;
    private readonly ILogger<AngelTransport> _logger;

    public AngelTransport(HttpClient http, IOptions<AngelOneOptions> options, AngelRateLimiter limiter, ILogger<AngelTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options.Value;
        _limiter = limiter;
        _logger = logger;
        _http.Timeout = Timeout.InfiniteTimeSpan;
    }

    public AngelOneOptions Options => _options;

    /// <summary>Sends the call and returns the envelope's <c>data</c> (default when SmartAPI sent <c>null</c>, as it does for empty lists).</summary>
    public async Task<T?> SendAsync<T>(AngelCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        await _limiter.AcquireAsync(call.ApiKey, call.EndpointClass, cancellationToken);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_options.RequestTimeout);
        using var request = BuildRequest(call);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attempt.Token);
            var body = await response.Content.ReadAsStringAsync(attempt.Token);
            LogResponse(call.Method.Method, call.Path, (int)response.StatusCode, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return Interpret<T>(call, (int)response.StatusCode, body);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailure(call.Method.Method, call.Path, UnavailableCause.Timeout);
            throw new BrokerUnavailableException(BrokerKind.AngelOne, UnavailableCause.Timeout, null, null, null, ex);
        }
        catch (HttpRequestException ex)
        {
            LogFailure(call.Method.Method, call.Path, UnavailableCause.Unreachable);
            throw new BrokerUnavailableException(BrokerKind.AngelOne, UnavailableCause.Unreachable, null, null, null, ex);
        }
    }

    private HttpRequestMessage BuildRequest(AngelCall call)
    {
        var request = new HttpRequestMessage(call.Method, new Uri(call.ApiRoot.AbsoluteUri.TrimEnd('/') + call.Path, UriKind.Absolute));
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

        return request;
    }

    private static T? Interpret<T>(AngelCall call, int status, string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            // The rate-limit 403 is plain text; a proxy error page is HTML. The status and text decide.
            if (status is >= 200 and < 300)
            {
                throw new BrokerUnavailableException(BrokerKind.AngelOne, UnavailableCause.MalformedResponse, status, null, null, ex);
            }

            throw AngelErrorMap.Map(status, null, Scrub(body, call));
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
            if (ok != true || status is < 200 or >= 300 || !string.IsNullOrEmpty(code))
            {
                throw AngelErrorMap.Map(status, code, Scrub(message, call));
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

    /// <summary>Removes every secret the call carried from a broker message, should the broker echo one.</summary>
    private static string? Scrub(string? message, AngelCall call)
    {
        if (string.IsNullOrEmpty(message))
        {
            return message;
        }

        foreach (var secret in call.ExtraSecrets.Append(call.AccessToken))
        {
            if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
            {
                message = message.Replace(secret, "[redacted]", StringComparison.Ordinal);
            }
        }

        message = message.Trim();
        return message.Length > 500 ? message[..500] : message;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "SmartAPI {Method} {Path} answered {Status} in {ElapsedMs} ms")]
    private partial void LogResponse(string method, string path, int status, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SmartAPI {Method} {Path} failed: {Cause}")]
    private partial void LogFailure(string method, string path, UnavailableCause cause);
}

/// <summary>
/// SmartAPI's per-endpoint limits per API key, enforced before a request leaves; a caller waits at most
/// <see cref="AngelOneOptions.RateLimitMaxWait"/>. Singleton: windows are shared by every client of a key.
/// </summary>
internal sealed class AngelRateLimiter
{
    private readonly BrokerRateLimiter<(string ApiKey, AngelEndpointClass Class)> _limiter;

    public AngelRateLimiter(IOptions<AngelOneOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Angel counts per clock second; the shared limiter keeps every call beyond the limit a full window after the
        // one it replaces, so no Angel second ever sees more than the limit, whatever the alignment.
        _limiter = new(BrokerKind.AngelOne, key => PerSecond(key.Class), options.Value.RateLimitMaxWait, TimeProvider.System);
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
