using System.Diagnostics;
using System.Text;
using System.Text.Json;
using BrokerConsole.Core.Accounts;
using Microsoft.Extensions.Logging;
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
}

/// <summary>
/// The typed <see cref="HttpClient"/> for Fyers API v3: <c>Authorization: app_id:access_token</c> (no Bearer),
/// the <c>{"s","code","message"}</c> envelope, a local 10/s limiter per app, and error mapping. Nothing is retried.
/// </summary>
internal sealed partial class FyersTransport
{
    public const string HttpClientName = "BrokerConsole.Fyers";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;
    private readonly FyersOptions _options;
    private readonly ILogger<FyersTransport> _logger;

    private readonly FyersRateLimiter _limiter;

    public FyersTransport(HttpClient http, IOptions<FyersOptions> options, FyersRateLimiter limiter, ILogger<FyersTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _limiter = limiter;
        _http = http;
        _options = options.Value;
        _logger = logger;
        _http.Timeout = Timeout.InfiniteTimeSpan;
    }

    public FyersOptions Options => _options;

    /// <summary>Sends the call and returns the whole success envelope (its payload key differs per endpoint).</summary>
    public async Task<JsonElement> SendAsync(FyersCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        await _limiter.AcquireAsync(call.AppId, cancellationToken);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_options.RequestTimeout);
        using var request = new HttpRequestMessage(call.Method, new Uri(call.ApiRoot.AbsoluteUri.TrimEnd('/') + call.Path, UriKind.Absolute));
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

        var started = Stopwatch.GetTimestamp();
        var path = call.Path.Split('?')[0];
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attempt.Token);
            var body = await response.Content.ReadAsStringAsync(attempt.Token);
            LogResponse(call.Method.Method, path, (int)response.StatusCode, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return Interpret(call, (int)response.StatusCode, body);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailure(call.Method.Method, path, UnavailableCause.Timeout);
            throw new BrokerUnavailableException(BrokerKind.Fyers, UnavailableCause.Timeout, null, null, null, ex);
        }
        catch (HttpRequestException ex)
        {
            LogFailure(call.Method.Method, path, UnavailableCause.Unreachable);
            throw new BrokerUnavailableException(BrokerKind.Fyers, UnavailableCause.Unreachable, null, null, null, ex);
        }
    }

    private static JsonElement Interpret(FyersCall call, int status, string body)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            // Cloudflare's HTML 403 (e.g. a plain POST /orders) or a proxy page: the status decides.
            throw status is >= 200 and < 300
                ? new BrokerUnavailableException(BrokerKind.Fyers, UnavailableCause.MalformedResponse, status, null, null, ex)
                : FyersErrorMap.Map(status, null, null);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new BrokerUnavailableException(BrokerKind.Fyers, UnavailableCause.MalformedResponse, status, null, null);
        }

        var s = root.TryGetProperty("s", out var sv) && sv.ValueKind == JsonValueKind.String ? sv.GetString() : null;
        int? code = root.TryGetProperty("code", out var cv) && cv.TryGetInt32(out var c) ? c : null;
        if (status is >= 200 and < 300 && s == "ok")
        {
            return root;
        }

        var message = root.TryGetProperty("message", out var mv) && mv.ValueKind == JsonValueKind.String ? mv.GetString() : null;
        throw FyersErrorMap.Map(status, code, Scrub(message, call));
    }

    private static string? Scrub(string? message, FyersCall call)
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

        return message.Length > 500 ? message[..500] : message;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Fyers {Method} {Path} answered {Status} in {ElapsedMs} ms")]
    private partial void LogResponse(string method, string path, int status, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fyers {Method} {Path} failed: {Cause}")]
    private partial void LogFailure(string method, string path, UnavailableCause cause);
}
