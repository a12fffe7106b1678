using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using BrokerConsole.Core.Accounts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace BrokerConsole.Core.Brokers.Zerodha;

/// <summary>One Kite REST call, described before it is turned into an HTTP request.</summary>
internal sealed class KiteCall
{
    public required HttpMethod Method { get; init; }

    /// <summary>Path below the API root, segments already escaped, e.g. <c>/orders/regular/123</c>.</summary>
    public required string Path { get; init; }

    public KiteEndpointClass EndpointClass { get; init; } = KiteEndpointClass.Other;

    public required Uri ApiRoot { get; init; }

    public required string ApiKey { get; init; }

    /// <summary>Null for the session exchange, which has no session yet.</summary>
    public string? AccessToken { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Query { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>>? Form { get; init; }

    /// <summary>Values that must never appear in an exception message (secret, request token, checksum).</summary>
    public IReadOnlyList<string> ExtraSecrets { get; init; } = [];

    /// <summary>The Zerodha user the session belongs to, when known: Kite's per-minute and per-day order caps are per user.</summary>
    public string? UserId { get; init; }

    /// <summary>A new order (counts toward the daily cap as well as the per-minute one).</summary>
    public bool IsPlacement { get; init; }

    /// <summary>Only GETs are retried; everything else is sent once.</summary>
    public bool IsRetryable => Method == HttpMethod.Get;
}

/// <summary>
/// The typed <see cref="HttpClient"/> for Kite: rate limits, per-attempt timeout, read retries,
/// envelope parsing and error mapping. Logs method and path only, never query strings or headers.
/// </summary>
internal sealed partial class KiteTransport
{
    public const string HttpClientName = "BrokerConsole.Zerodha";

    private readonly HttpClient _http;
    private readonly ZerodhaOptions _options;
    private readonly KiteRateLimiter _limiter;
    private readonly KiteOrderCaps _orderCaps;
    private readonly ILogger<KiteTransport> _logger;
    private readonly ResiliencePipeline _readPipeline;

    public KiteTransport(HttpClient http, IOptions<ZerodhaOptions> options, KiteRateLimiter limiter, KiteOrderCaps orderCaps, ILogger<KiteTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options.Value;
        _limiter = limiter;
        _orderCaps = orderCaps;
        _logger = logger;
        // The per-attempt timeout below is the only one; HttpClient's own would surface as a bare cancellation.
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _readPipeline = _options.ReadRetryCount == 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<BrokerUnavailableException>(e => e.IsTransient),
                    MaxRetryAttempts = _options.ReadRetryCount,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = _options.ReadRetryBaseDelay,
                    MaxDelay = TimeSpan.FromSeconds(5),
                    OnRetry = args =>
                    {
                        LogRetry(args.AttemptNumber + 1, (args.Outcome.Exception as BrokerUnavailableException)?.Cause);
                        return ValueTask.CompletedTask;
                    },
                })
                .Build();
    }

    public ZerodhaOptions Options => _options;

    /// <summary>Sends the call and returns the envelope's <c>data</c>.</summary>
    public async Task<T> SendAsync<T>(KiteCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!call.IsRetryable)
        {
            return await SendOnceAsync<T>(call, cancellationToken);
        }

        return await _readPipeline.ExecuteAsync(
            static (state, ct) => new ValueTask<T>(state.Transport.SendOnceAsync<T>(state.Call, ct)),
            (Transport: this, Call: call),
            cancellationToken);
    }

    private async Task<T> SendOnceAsync<T>(KiteCall call, CancellationToken cancellationToken)
    {
        await _limiter.AcquireAsync(call.ApiKey, call.EndpointClass, cancellationToken);
        if (call.EndpointClass == KiteEndpointClass.Order)
        {
            // After the per-second permit, right before sending: a request refused here was never sent.
            _orderCaps.Take(call.ApiRoot, call.UserId ?? call.ApiKey, call.IsPlacement);
        }

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_options.RequestTimeout);
        using var request = BuildRequest(call);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attempt.Token);
            var body = await response.Content.ReadAsStringAsync(attempt.Token);
            LogResponse(call.Method.Method, call.Path, (int)response.StatusCode, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return Interpret<T>(call, response, body);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailure(call.Method.Method, call.Path, UnavailableCause.Timeout);
            throw new BrokerUnavailableException(BrokerKind.Zerodha, UnavailableCause.Timeout, null, null, null, ex);
        }
        catch (HttpRequestException ex)
        {
            LogFailure(call.Method.Method, call.Path, UnavailableCause.Unreachable);
            throw new BrokerUnavailableException(BrokerKind.Zerodha, UnavailableCause.Unreachable, null, null, null, ex);
        }
    }

    private static HttpRequestMessage BuildRequest(KiteCall call)
    {
        var url = new StringBuilder(call.ApiRoot.AbsoluteUri.TrimEnd('/')).Append(call.Path);
        for (var i = 0; i < call.Query.Count; i++)
        {
            url.Append(i == 0 ? '?' : '&')
                .Append(Uri.EscapeDataString(call.Query[i].Key))
                .Append('=')
                .Append(Uri.EscapeDataString(call.Query[i].Value));
        }

        var request = new HttpRequestMessage(call.Method, new Uri(url.ToString(), UriKind.Absolute));
        if (call.Form is not null)
        {
            request.Content = new FormUrlEncodedContent(call.Form);
        }

        request.Options.Set(KiteAuthHandler.AuthKey, new KiteAuth(call.ApiKey, call.AccessToken));
        return request;
    }

    private static T Interpret<T>(KiteCall call, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            KiteEnvelope<T>? envelope;
            try
            {
                envelope = JsonSerializer.Deserialize<KiteEnvelope<T>>(body, KiteMapping.Json);
            }
            catch (JsonException ex)
            {
                throw new BrokerUnavailableException(BrokerKind.Zerodha, UnavailableCause.MalformedResponse, status, null, null, ex);
            }

            if (envelope is null || envelope.Status == "error" || envelope.ErrorType is not null)
            {
                // Never seen from Kite with a 2xx, but the envelope is what decides.
                throw KiteErrorMap.Map(status, envelope?.ErrorType, Scrub(envelope?.Message, call), RetryAfter(response));
            }

            if (envelope.Data is null)
            {
                throw new BrokerUnavailableException(BrokerKind.Zerodha, UnavailableCause.MalformedResponse, status, null, null);
            }

            return envelope.Data;
        }

        KiteErrorEnvelope? error = null;
        try
        {
            error = JsonSerializer.Deserialize<KiteErrorEnvelope>(body, KiteMapping.Json);
        }
        catch (JsonException)
        {
            // An HTML error page from a proxy or load balancer: the status alone decides.
        }

        throw KiteErrorMap.Map(status, error?.ErrorType, Scrub(error?.Message, call), RetryAfter(response));
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return response.StatusCode == HttpStatusCode.TooManyRequests ? TimeSpan.FromSeconds(1) : null;
    }

    /// <summary>Removes every secret the call carried from a broker message, should the broker echo one.</summary>
    private static string? Scrub(string? message, KiteCall call)
    {
        if (string.IsNullOrEmpty(message))
        {
            return message;
        }

        var secrets = call.ExtraSecrets.Append(call.AccessToken);
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
            {
                message = message.Replace(secret, "[redacted]", StringComparison.Ordinal);
            }
        }

        return message.Length > 500 ? message[..500] : message;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Kite {Method} {Path} answered {Status} in {ElapsedMs} ms")]
    private partial void LogResponse(string method, string path, int status, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kite {Method} {Path} failed: {Cause}")]
    private partial void LogFailure(string method, string path, UnavailableCause cause);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrying a Kite read (attempt {Attempt}) after {Cause}")]
    private partial void LogRetry(int attempt, UnavailableCause? cause);
}
