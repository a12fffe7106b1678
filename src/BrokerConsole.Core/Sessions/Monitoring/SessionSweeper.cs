using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Sessions.Monitoring;

/// <summary>
/// Validates every active session of every user: the clock rule first (no call), then the broker's
/// profile call with bounded parallelism and a per-call timeout. Acts for all users, so it never
/// touches <see cref="Identity.ICurrentUser"/>; owners come from the session rows.
/// </summary>
internal sealed partial class SessionSweeper(
    IServiceScopeFactory scopes,
    SessionMonitorStatus status,
    IOptions<SessionMonitorOptions> monitorOptions,
    IOptions<SessionOptions> sessionOptions,
    TimeProvider time,
    ILogger<SessionSweeper> logger) : ISessionSweeper, IDisposable
{
    /// <summary>Login attempts are minutes-long; a day keeps enough for support questions.</summary>
    private static readonly TimeSpan _loginAttemptRetention = TimeSpan.FromDays(1);

    // One sweep at a time: a test's manual sweep and the timer's must not check the same session twice.
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    private sealed record Candidate(
        Guid SessionId,
        string OwnerId,
        Guid AccountId,
        BrokerKind Broker,
        AccountEnvironment Environment,
        string? ApiKey,
        string ClientId,
        string? Ciphertext,
        DateTimeOffset ExpiresAt,
        SessionHealth Health,
        string? LastError);

    private enum Outcome
    {
        Healthy,
        Expired,
        ConnectionIssue,
        Error,
        Skipped,
    }

    public async Task<SweepSummary> SweepAsync(CancellationToken cancellationToken = default)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var summary = await RunAsync(cancellationToken);
            status.Completed(summary);
            LogSweep(logger, summary.Checked, summary.Healthy, summary.Expired, summary.ConnectionIssues, summary.Errors,
                summary.Skipped, summary.Warned, (long)summary.Duration.TotalMilliseconds);
            return summary;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<SweepSummary> RunAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var startedAt = time.GetUtcNow();
        var monitor = monitorOptions.Value;
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var dbFactory = services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>();
        var lifecycle = services.GetRequiredService<SessionLifecycle>();
        var protector = services.GetRequiredService<ISecretProtector>();
        var clients = services.GetRequiredService<IBrokerClientFactory>();
        // Renewable sessions near their end are renewed first, so the checks below see the new tokens and expiries.
        await services.GetRequiredService<SessionRenewal>().RenewDueAsync(cancellationToken);

        List<Candidate> candidates;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            candidates = await (from s in db.BrokerSessions.AsNoTracking()
                                join a in db.BrokerAccounts.AsNoTracking() on s.AccountId equals a.Id
                                where s.Status == SessionStatus.Active
                                select new Candidate(s.Id, s.OwnerId, s.AccountId, s.Broker, a.Environment, a.ApiKey, a.ClientId, s.AccessTokenCiphertext, s.ExpiresAt, s.Health, s.LastError))
                .ToListAsync(cancellationToken);
        }

        var outcomes = new ConcurrentBag<Outcome>();
        var checkTimes = new ConcurrentBag<TimeSpan>();
        var unchanged = new ConcurrentBag<Guid>();
        var warned = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = monitor.MaxParallelism, CancellationToken = cancellationToken };
        // Each broker endpoint (broker + live/sandbox) gets its own pool of MaxParallelism slots, so a broker
        // whose calls all hang until the timeout cannot take the slots the others need.
        var byEndpoint = candidates.GroupBy(c => (c.Broker, c.Environment));
        await Task.WhenAll(byEndpoint.Select(group =>
        {
            var breaker = new EndpointBreaker(monitor.MaxParallelism);
            return Parallel.ForEachAsync(group, parallel, (candidate, ct) => CheckOneAsync(candidate, breaker, ct));
        }));

        async ValueTask CheckOneAsync(Candidate candidate, EndpointBreaker breaker, CancellationToken ct)
        {
            var session = new SessionRef(candidate.SessionId, candidate.OwnerId, candidate.AccountId, candidate.Broker);
            Outcome outcome;
            try
            {
                outcome = await CheckAsync(candidate, session, lifecycle, protector, clients, monitor.CallTimeout, breaker, checkTimes, unchanged, ct);
                if (outcome is not (Outcome.Expired or Outcome.Skipped)
                    && candidate.ExpiresAt - time.GetUtcNow() <= sessionOptions.Value.ExpiryWarning
                    && await lifecycle.WarnExpiringAsync(session, candidate.ExpiresAt, ct))
                {
                    Interlocked.Increment(ref warned);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // One broken check (a bug, a locked row) must not stop the checks of everyone else.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogCheckCrashed(logger, ex, candidate.AccountId);
                outcome = Outcome.Error;
            }

            outcomes.Add(outcome);
        }

        await StampUnchangedAsync(dbFactory, unchanged, cancellationToken);
        await CleanUpAsync(dbFactory, cancellationToken);

        var counts = outcomes.GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count());
        var sorted = checkTimes.Order().ToArray();
        return new SweepSummary(
            startedAt,
            stopwatch.Elapsed,
            candidates.Count,
            counts.GetValueOrDefault(Outcome.Healthy),
            counts.GetValueOrDefault(Outcome.Expired),
            counts.GetValueOrDefault(Outcome.ConnectionIssue),
            counts.GetValueOrDefault(Outcome.Error),
            counts.GetValueOrDefault(Outcome.Skipped),
            warned,
            sorted.Length,
            Percentile(sorted, 0.50),
            Percentile(sorted, 0.99));
    }

    private async Task<Outcome> CheckAsync(
        Candidate candidate,
        SessionRef session,
        SessionLifecycle lifecycle,
        ISecretProtector protector,
        IBrokerClientFactory clients,
        TimeSpan callTimeout,
        EndpointBreaker breaker,
        ConcurrentBag<TimeSpan> checkTimes,
        ConcurrentBag<Guid> unchanged,
        CancellationToken cancellationToken)
    {
        // A result equal to the stored one is not news: its checked-time is stamped in one batch after the
        // checks, instead of one SQLite write transaction per session. Changes are written (and published) at once.
        async Task RecordAsync(SessionHealth health, string? error)
        {
            if (candidate.Health == health && string.Equals(candidate.LastError, error, StringComparison.Ordinal))
            {
                unchanged.Add(candidate.SessionId);
            }
            else
            {
                await lifecycle.RecordCheckAsync(session, health, error, cancellationToken);
            }
        }

        if (candidate.ExpiresAt <= time.GetUtcNow())
        {
            // The broker's clock rule already ended it: no call needed (or wanted) to know.
            await lifecycle.MarkExpiredAsync(session, SessionEndReasons.ClockExpired(candidate.ExpiresAt), cancellationToken);
            return Outcome.Expired;
        }

        if (candidate.Ciphertext is null)
        {
            await lifecycle.MarkExpiredAsync(session, "The stored session has no token. Log in again.", cancellationToken);
            return Outcome.Expired;
        }

        IBrokerClient client;
        try
        {
            var token = protector.Unprotect(candidate.AccountId, SecretKind.SessionToken, candidate.Ciphertext);
            client = clients.Create(BrokerConnection.ForAccount(candidate.Broker, candidate.Environment, candidate.ApiKey, candidate.ClientId, token));
        }
        catch (NotSupportedException)
        {
            return Outcome.Skipped; // a broker whose client has not arrived yet
        }
        catch (InvalidOperationException ex)
        {
            // A configuration gap (e.g. no sandbox API root outside Development): unreachable from here, as
            // SessionService reports it, not a crash of the check.
            await RecordAsync(SessionHealth.ConnectionIssue, $"{BrokerApiException.BrokerName(candidate.Broker)} cannot be reached: {ex.Message}");
            return Outcome.ConnectionIssue;
        }
        catch (CryptographicException)
        {
            await RecordAsync(SessionHealth.Error, "The stored session token cannot be decrypted (the key ring changed?). Log in again.");
            return Outcome.Error;
        }

        if (breaker.IsOpen)
        {
            // This endpoint stopped answering at all earlier in the sweep: waiting out another timeout per
            // session would only make the sweep crawl. Say so and try again next sweep.
            await RecordAsync(SessionHealth.ConnectionIssue,
                $"{BrokerApiException.BrokerName(candidate.Broker)} could not be reached during the last check (several calls in a row failed). The session may well be fine; it is checked again shortly.");
            return Outcome.ConnectionIssue;
        }

        // The timeout runs on real time whatever the app clock is: it bounds a real network call.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(callTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await client.GetProfileAsync(timeout.Token);
            breaker.Answered();
            checkTimes.Add(Stopwatch.GetElapsedTime(started));
            await RecordAsync(SessionHealth.Healthy, null);
            return Outcome.Healthy;
        }
        catch (SessionExpiredException ex)
        {
            breaker.Answered();
            checkTimes.Add(Stopwatch.GetElapsedTime(started));
            await lifecycle.MarkExpiredAsync(session, SessionEndReasons.ExpiredByBroker(ex), cancellationToken);
            return Outcome.Expired;
        }
        catch (Exception ex) when (ex is BrokerUnavailableException or RateLimitedException or HttpRequestException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Not the session's fault: keep it, say so, and look again next sweep.
            checkTimes.Add(Stopwatch.GetElapsedTime(started));
            if (ex is HttpRequestException or OperationCanceledException
                or BrokerUnavailableException { Cause: UnavailableCause.Unreachable or UnavailableCause.Timeout })
            {
                breaker.Unreachable();
            }
            else
            {
                breaker.Answered(); // a 5xx or a 429 is an answer: the endpoint is up
            }

            var message = ex is OperationCanceledException
                ? $"{BrokerApiException.BrokerName(candidate.Broker)} did not answer within {callTimeout.TotalSeconds:0.#} s. The session may well be fine; it is checked again shortly."
                : ex.Message;
            await RecordAsync(SessionHealth.ConnectionIssue, message);
            return Outcome.ConnectionIssue;
        }
        catch (BrokerApiException ex)
        {
            breaker.Answered();
            checkTimes.Add(Stopwatch.GetElapsedTime(started));
            await RecordAsync(SessionHealth.Error, ex.Message);
            return Outcome.Error;
        }
    }

    private async Task StampUnchangedAsync(IDbContextFactory<BrokerConsoleDbContext> dbFactory, IEnumerable<Guid> sessionIds, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var chunk in sessionIds.Chunk(500))
        {
            await db.BrokerSessions.Where(s => chunk.Contains(s.Id) && s.Status == SessionStatus.Active)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastCheckedAt, now), cancellationToken);
        }
    }

    /// <summary>Retention: old login attempts and long-dismissed notifications go; session history rows stay.</summary>
    private async Task CleanUpAsync(IDbContextFactory<BrokerConsoleDbContext> dbFactory, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var attemptCutoff = now - _loginAttemptRetention;
        var notificationCutoff = now - sessionOptions.Value.RetentionPeriod;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.LoginAttempts.Where(a => a.CreatedAt < attemptCutoff).ExecuteDeleteAsync(cancellationToken);
        await db.Notifications.Where(n => n.DismissedAt != null && n.DismissedAt < notificationCutoff).ExecuteDeleteAsync(cancellationToken);
        // Belt and braces: an ended session never keeps a token, whichever code path ended it.
        await db.BrokerSessions.Where(s => s.Status != SessionStatus.Active && (s.AccessTokenCiphertext != null || s.RefreshTokenCiphertext != null))
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.AccessTokenCiphertext, (string?)null)
                .SetProperty(s => s.RefreshTokenCiphertext, (string?)null), cancellationToken);
    }

    /// <summary>
    /// Opens after <c>threshold</c> calls in a row to one endpoint got no answer at all (unreachable or timed
    /// out); any answer closes it again. Lives for one sweep.
    /// </summary>
    private sealed class EndpointBreaker(int threshold)
    {
        private int _consecutiveFailures;

        public bool IsOpen => Volatile.Read(ref _consecutiveFailures) >= threshold;

        public void Unreachable() => Interlocked.Increment(ref _consecutiveFailures);

        public void Answered() => Interlocked.Exchange(ref _consecutiveFailures, 0);
    }

    private static TimeSpan Percentile(TimeSpan[] sorted, double p) =>
        sorted.Length == 0 ? TimeSpan.Zero : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    public void Dispose() => _oneAtATime.Dispose();

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Session sweep: {Checked} checked, {Healthy} healthy, {Expired} expired, {ConnectionIssues} connection issues, {Errors} errors, {Skipped} skipped, {Warned} warned, {DurationMs} ms")]
    private static partial void LogSweep(ILogger logger, int @checked, int healthy, int expired, int connectionIssues, int errors, int skipped, int warned, long durationMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The session check of account {AccountId} failed unexpectedly; the sweep goes on")]
    private static partial void LogCheckCrashed(ILogger logger, Exception exception, Guid accountId);
}
