using System.Diagnostics;
using System.Text;
using System.Text.Json;
using BrokerConsole.Core.Accounts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Brokers.Dhan;

/// <summary>
/// The typed <see cref="HttpClient"/> for DhanHQ v2 and its auth host: <c>access-token</c> + <c>client-id</c> headers on
/// the API, <c>app_id</c>/<c>app_secret</c> on consent calls, raw (unenveloped) success bodies, the
/// <c>{errorType, errorCode, errorMessage}</c> error shape. Nothing is retried. Logs the path only, never the query
/// (the PIN + TOTP login carries its secrets there).
/// </summary>
internal sealed partial class DhanTransport
{
    public const string HttpClientName = "BrokerConsole.Dhan";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;
    private readonly ILogger<DhanTransport> _logger;
    private readonly DhanRateLimiter _limiter;

    public DhanTransport(HttpClient http, IOptions<DhanOptions> options, DhanRateLimiter limiter, ILogger<DhanTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _limiter = limiter;
        Options = options.Value;
        _logger = logger;
        _http.Timeout = Timeout.InfiniteTimeSpan;
    }

    public DhanOptions Options { get; }

    /// <summary>A trading-API call with the session's headers.</summary>
    public async Task<JsonElement> SendAsync(HttpMethod method, Uri root, string path, string clientId, string accessToken, object? body, CancellationToken cancellationToken)
    {
        await _limiter.AcquireAsync(clientId, method, path, cancellationToken);
        return await SendCoreAsync(method, root, path, new Dictionary<string, string> { ["access-token"] = accessToken, ["client-id"] = clientId }, body, [accessToken], cancellationToken);
    }

    /// <summary>
    /// An auth-host call. The auth host only ever refuses credentials, so an "invalid authentication" answer there is a
    /// refusal (<see cref="BrokerRejectedException"/>), never an expired session.
    /// </summary>
    public async Task<JsonElement> SendAuthAsync(HttpMethod method, Uri root, string pathAndQuery, IReadOnlyDictionary<string, string> headers, IReadOnlyList<string> secrets, CancellationToken cancellationToken)
    {
        try
        {
            return await SendCoreAsync(method, root, pathAndQuery, headers, null, secrets, cancellationToken);
        }
        catch (SessionExpiredException ex)
        {
            throw new BrokerRejectedException(BrokerKind.Dhan, ex.HttpStatus, ex.ErrorCode, ex.BrokerMessage);
        }
    }

    private async Task<JsonElement> SendCoreAsync(HttpMethod method, Uri root, string path, IReadOnlyDictionary<string, string> headers, object? body, IReadOnlyList<string> secrets, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(Options.RequestTimeout);
        using var request = new HttpRequestMessage(method, new Uri(root.AbsoluteUri.TrimEnd('/') + path, UriKind.Absolute));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.Accept.ParseAdd("application/json");
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json");
        }

        var logPath = path.Split('?')[0];
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attempt.Token);
            var text = await response.Content.ReadAsStringAsync(attempt.Token);
            var status = (int)response.StatusCode;
            LogResponse(method.Method, logPath, status, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            JsonElement root1 = default;
            var parsed = false;
            try
            {
                if (!string.IsNullOrWhiteSpace(text))
                {
                    using var document = JsonDocument.Parse(text);
                    root1 = document.RootElement.Clone();
                    parsed = true;
                }
            }
            catch (JsonException ex) when (response.IsSuccessStatusCode)
            {
                throw new BrokerUnavailableException(BrokerKind.Dhan, UnavailableCause.MalformedResponse, status, null, null, ex);
            }
            catch (JsonException)
            {
                // A proxy page: the status decides.
            }

            if (response.IsSuccessStatusCode)
            {
                return root1;
            }

            string? Field(string name) => parsed && root1.ValueKind == JsonValueKind.Object && root1.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var message = Field("errorMessage");
            if (message is not null)
            {
                message = secrets.Where(s => !string.IsNullOrEmpty(s)).Aggregate(message, (m, s) => m.Replace(s, "[redacted]", StringComparison.Ordinal));
            }

            throw DhanErrorMap.Map(status, Field("errorCode"), message);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BrokerUnavailableException(BrokerKind.Dhan, UnavailableCause.Timeout, null, null, null, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new BrokerUnavailableException(BrokerKind.Dhan, UnavailableCause.Unreachable, null, null, null, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dhan {Method} {Path} answered {Status} in {ElapsedMs} ms")]
    private partial void LogResponse(string method, string path, int status, long elapsedMs);
}
