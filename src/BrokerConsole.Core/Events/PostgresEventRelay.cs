using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BrokerConsole.Core.Events;

/// <summary>
/// Sends every event published on this node to the other nodes with <c>NOTIFY</c> on one channel. Publishers only
/// queue (the hub's own tabs never wait on the database); one loop sends in publication order, so a run's progress
/// arrives on the other nodes in the order it happened. A send that fails is logged and dropped: the event already
/// reached this node's tabs, and the other nodes' pages reload from the database at their next change.
/// </summary>
internal sealed partial class PostgresEventRelay(
    PostgresEventChannel channel,
    CrossNodeEventKinds kinds,
    ILogger<PostgresEventRelay> logger) : BackgroundService, IUserEventRelay
{
    // A 15:10 run over 500 accounts queues about a thousand progress events within seconds; beyond this the database is
    // not keeping up and newer events are dropped (logged), never held in memory without bound.
    private const int QueueCapacity = 4096;

    private readonly Channel<Outgoing> _queue = Channel.CreateBounded<Outgoing>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private static readonly TimeSpan _retryPause = TimeSpan.FromSeconds(1);

    private long _sequence;

    public void Forward<TEvent>(string ownerId, TEvent change)
        where TEvent : notnull
    {
        if (!kinds.TryFind(typeof(TEvent), out var kind))
        {
            // A hub without a wire kind stays on this node (CrossNodeEventKindTests keeps every hub type registered).
            LogNoKind(logger, typeof(TEvent).Name);
            return;
        }

        var payload = CrossNodeEventCodec.Encode(kind, ownerId, change, channel.Origin, Interlocked.Increment(ref _sequence));
        if (payload is null)
        {
            LogTooLong(logger, kind.Name);
            return;
        }

        if (!_queue.Writer.TryWrite(new Outgoing(kind.Name, payload)))
        {
            LogQueueFull(logger, kind.Name, QueueCapacity);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                if (!await SendQueuedAsync(stoppingToken))
                {
                    // A database that refuses connections would otherwise cost a failed attempt (and a log line) per
                    // event; a pause on the real clock (not trading time) lets the queue gather meanwhile.
                    await Task.Delay(_retryPause, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Everything queued now, on one pooled connection; each NOTIFY is its own statement, delivered at once.</summary>
    private async Task<bool> SendQueuedAsync(CancellationToken cancellationToken)
    {
        Outgoing? sending = null;
        try
        {
            await using var connection = channel.Connect();
            await connection.OpenAsync(cancellationToken);
            while (_queue.Reader.TryRead(out var next))
            {
                sending = next;
                await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
                notify.Parameters.AddWithValue("channel", PostgresEventChannel.Name);
                notify.Parameters.AddWithValue("payload", next.Payload);
                await notify.ExecuteNonQueryAsync(cancellationToken);
                sending = null;
            }

            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The database may fail in any way (down, restarting, out of connections): never stop sending for good.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogSendFailed(logger, ex, sending?.Kind ?? "queued");
            return false;
        }
    }

    private sealed record Outgoing(string Kind, string Payload);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Events of kind {EventType} have no cross-node kind: they reach this node's tabs only")]
    private static partial void LogNoKind(ILogger logger, string eventType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Kind} event is too long for a PostgreSQL notification even shortened: other nodes' tabs miss it")]
    private static partial void LogTooLong(ILogger logger, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cross-node event queue full ({Capacity}): a {Kind} event is not sent to the other nodes")]
    private static partial void LogQueueFull(ILogger logger, string kind, int capacity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send a {Kind} event to the other nodes; it reached this node's tabs only")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string kind);
}
