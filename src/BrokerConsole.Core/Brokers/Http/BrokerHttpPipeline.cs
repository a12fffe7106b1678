using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace BrokerConsole.Core.Brokers.Http;

/// <summary>
/// The one send loop every broker uses: local pacing, a per-attempt timeout, read retries (backoff with jitter, or
/// the broker's <c>Retry-After</c>) and logging of method, path, status and time, never the query, headers or body.
/// Orders and session calls are sent exactly once: an order that may have reached the broker is reconciled by its
/// tag, never re-sent from here. Every delay runs on <see cref="BrokerWireClock"/>, so tests advance it instead of waiting.
/// The broker's transport supplies the protocol: the request's shape and how a response becomes data or a typed
/// <see cref="BrokerApiException"/>.
/// </summary>
internal sealed partial class BrokerHttpPipeline(BrokerWireClock clock, ILogger<BrokerHttpPipeline> logger)
{
    private static readonly ResiliencePropertyKey<TimeSpan?> _retryAfterKey = new("BrokerConsole.RetryAfter");

    private readonly ConcurrentDictionary<BrokerReadRetry, ResiliencePipeline> _retries = new();

    /// <summary>Sends <paramref name="request"/> and returns what <paramref name="interpret"/> makes of the response.</summary>
    /// <exception cref="BrokerApiException">What the broker's protocol or the transport decided; nothing is swallowed.</exception>
    public async Task<T> SendAsync<T>(HttpClient http, BrokerRequest request, Func<BrokerResponse, T> interpret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(interpret);
        if (request.Kind != BrokerCallKind.Read || request.Retry.Count == 0)
        {
            return await SendOnceAsync(http, request, interpret, null, cancellationToken);
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            return await RetryFor(request.Retry).ExecuteAsync(
                static (ctx, state) => new ValueTask<T>(state.Self.SendOnceAsync(state.Http, state.Request, state.Interpret, ctx, ctx.CancellationToken)),
                context,
                (Self: this, Http: http, Request: request, Interpret: interpret));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<T> SendOnceAsync<T>(HttpClient http, BrokerRequest request, Func<BrokerResponse, T> interpret, ResilienceContext? context, CancellationToken cancellationToken)
    {
        context?.Properties.Set(_retryAfterKey, null);
        if (request.PaceAsync is { } pace)
        {
            await pace(cancellationToken);
        }

        using var timeout = new CancellationTokenSource(request.Timeout, clock.Time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var message = new HttpRequestMessage(request.Method, request.Uri);
        request.Prepare?.Invoke(message);
        var path = request.Uri.AbsolutePath;
        var started = clock.Time.GetTimestamp();
        BrokerResponse response;
        try
        {
            using var answer = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, attempt.Token);
            var body = await answer.Content.ReadAsStringAsync(attempt.Token);
            response = new BrokerResponse((int)answer.StatusCode, body, RetryAfter(answer), request.Secrets);
            LogResponse(request.Broker, request.Method.Method, path, response.Status, (long)clock.Time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailure(request.Broker, request.Method.Method, path, UnavailableCause.Timeout);
            throw new BrokerUnavailableException(request.Broker, UnavailableCause.Timeout, null, null, null, ex);
        }
        catch (HttpRequestException ex)
        {
            LogFailure(request.Broker, request.Method.Method, path, UnavailableCause.Unreachable);
            throw new BrokerUnavailableException(request.Broker, UnavailableCause.Unreachable, null, null, null, ex);
        }

        context?.Properties.Set(_retryAfterKey, response.RetryAfter);
        return interpret(response);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - clock.Time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private ResiliencePipeline RetryFor(BrokerReadRetry retry) => _retries.GetOrAdd(retry, r => new ResiliencePipelineBuilder { TimeProvider = clock.Time }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is BrokerApiException e && IsWorthRetrying(e, WaitAsked(args.Context, e))),
            MaxRetryAttempts = r.Count,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = r.BaseDelay,
            MaxDelay = BrokerReadRetry.MaxDelay,
            // The broker's own wait when it named one; else the exponential backoff with jitter above.
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is BrokerApiException e ? WaitAsked(args.Context, e) : null),
            OnRetry = args =>
            {
                if (args.Outcome.Exception is BrokerApiException e)
                {
                    LogRetry(e.Broker, args.AttemptNumber + 1, e.GetType().Name, e.HttpStatus, args.RetryDelay);
                }

                return ValueTask.CompletedTask;
            },
        })
        .Build());

    /// <summary>The <c>Retry-After</c> header of the failed attempt, else the wait the broker's error map read from its body.</summary>
    private static TimeSpan? WaitAsked(ResilienceContext context, BrokerApiException failure) =>
        context.Properties.GetValue(_retryAfterKey, null) ?? (failure as RateLimitedException)?.RetryAfter;

    /// <summary>
    /// A read is tried again after a broker-side throttle (not our own limiter: it already waited its allowance) or an
    /// outage that may pass (timeout, unreachable, 5xx), unless the broker asked for a longer pause than a page can wait.
    /// </summary>
    internal static bool IsWorthRetrying(BrokerApiException failure, TimeSpan? retryAfter) => failure switch
    {
        _ when retryAfter > BrokerReadRetry.MaxRetryAfter => false,
        RateLimitedException limited => !limited.IsLocal,
        BrokerUnavailableException unavailable => unavailable.IsTransient,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Broker} {Method} {Path} answered {Status} in {ElapsedMs} ms")]
    private partial void LogResponse(Accounts.BrokerKind broker, string method, string path, int status, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Broker} {Method} {Path} failed: {Cause}")]
    private partial void LogFailure(Accounts.BrokerKind broker, string method, string path, UnavailableCause cause);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrying a {Broker} read (attempt {Attempt}) after {Failure} ({Status}) in {Delay}")]
    private partial void LogRetry(Accounts.BrokerKind broker, int attempt, string failure, int? status, TimeSpan delay);
}
