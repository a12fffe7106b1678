using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BrokerConsole.Core.Events;

/// <summary>
/// LISTENs on the nodes' channel over a dedicated connection and hands every other node's event to this node's hub,
/// once: its own events (the same origin) are skipped, because the hub delivered them locally when they were published.
/// A lost connection (the server restarted, the backend was terminated, the network dropped) is logged and replaced with
/// backoff; nothing here ever stops the app. Events sent while no LISTEN was live are not replayed: the pages of this
/// node show them at their next change or reload.
/// </summary>
internal sealed partial class PostgresEventListener(
    PostgresEventChannel channel,
    CrossNodeEventKinds kinds,
    CrossNodeEventStatus status,
    IServiceProvider services,
    ILogger<PostgresEventListener> logger) : BackgroundService
{
    // Waits between attempts after a loss, on the real clock: reconnecting is about the network, not trading time,
    // and an app running on a test's fake clock must still reconnect. The first retry is quick (a terminated backend
    // or a server restart is usually over at once), later ones back off to 30 s.
    private static readonly TimeSpan[] _backoff =
        [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)];

    // Notifications arrive on the connection's reading loop; delivery (tabs re-rendering) runs on its own loop, in order.
    private readonly Channel<CrossNodeEnvelope> _inbound = Channel.CreateUnbounded<CrossNodeEnvelope>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delivery = DeliverAsync(stoppingToken);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(failures, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // Whatever ended the connection, the node keeps serving and tries again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                status.Lost();
                var wait = _backoff[Math.Min(failures, _backoff.Length - 1)];
                failures++;
                LogLost(logger, ex, failures, wait.TotalSeconds);
                try
                {
                    await Task.Delay(wait, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        status.Lost();
        _inbound.Writer.TryComplete();
        await delivery;
    }

    /// <summary>One connection's life: LISTEN, then wait for notifications until it fails or the app stops.</summary>
    private async Task ListenAsync(int failuresBefore, CancellationToken stoppingToken)
    {
        await using var connection = channel.ConnectListener();
        connection.Notification += OnNotification;
        await connection.OpenAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresEventChannel.Name}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        status.Listening(connection.ProcessID);
        if (failuresBefore > 0)
        {
            LogReconnected(logger, failuresBefore);
        }
        else if (status.Connections == 1)
        {
            LogListening(logger, PostgresEventChannel.Name);
        }

        while (true)
        {
            await connection.WaitAsync(stoppingToken);
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        CrossNodeEnvelope envelope;
        try
        {
            envelope = CrossNodeEventCodec.Decode(e.Payload);
        }
        catch (JsonException ex)
        {
            LogUnreadable(logger, ex, e.PID);
            return;
        }

        if (envelope.Origin != channel.Origin)
        {
            _inbound.Writer.TryWrite(envelope);
        }
    }

    private async Task DeliverAsync(CancellationToken stoppingToken)
    {
        await foreach (var envelope in _inbound.Reader.ReadAllAsync(CancellationToken.None))
        {
            if (stoppingToken.IsCancellationRequested)
            {
                continue; // drain without delivering: the circuits are going away with the app
            }

            if (!kinds.TryFind(envelope.Kind, out var kind))
            {
                // A newer node's kind this build does not know: its tabs reload from the database instead.
                LogUnknownKind(logger, envelope.Kind);
                continue;
            }

            try
            {
                await kind.DeliverAsync(services, envelope.User, envelope.Payload);
            }
#pragma warning disable CA1031 // A body this build cannot read (or a hub failing) must not end delivery of the next events.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogDeliveryFailed(logger, ex, envelope.Kind);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cross-node events: lost the LISTEN connection (failure {Failures}); reconnecting in {Seconds} s. Until then this node's tabs see only this node's events")]
    private static partial void LogLost(ILogger logger, Exception exception, int failures, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cross-node events: listening on PostgreSQL channel {Channel}")]
    private static partial void LogListening(ILogger logger, string channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cross-node events: listening again after {Failures} failed attempt(s)")]
    private static partial void LogReconnected(ILogger logger, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cross-node events: an unreadable notification from server process {ProcessId} was ignored")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cross-node events: unknown kind {Kind} ignored (a node of another build?)")]
    private static partial void LogUnknownKind(ILogger logger, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cross-node events: a {Kind} event from another node could not be delivered")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, string kind);
}
