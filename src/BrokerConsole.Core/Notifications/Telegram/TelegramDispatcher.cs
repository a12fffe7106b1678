using System.Data.Common;
using BrokerConsole.Core.Logging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Notifications.Telegram;

/// <summary>
/// Sends the <see cref="TelegramOutbox"/>'s messages one at a time, off every request path. A 429 waits Telegram's
/// <c>retry_after</c> on the app's <see cref="TimeProvider"/> and tries again; a 401 or 403 marks the user's channel broken
/// (the Settings page shows why) and drops the message; nothing here can fail an in-app notification, which is stored first.
/// Runs on every node, not only the leader: the outbox is in memory, and a message is offered only by the node whose
/// insert of the notification won its unique (owner, event) index, so no two nodes ever hold the same message.
/// </summary>
public sealed partial class TelegramDispatcher(
    TelegramOutbox outbox,
    TelegramChannelStore channels,
    TelegramBotApi api,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    ILogger<TelegramDispatcher> logger) : BackgroundService
{
    /// <summary>A wait for <c>retry_after</c> is armed (tests move a fake clock once they see it).</summary>
    public event Action<TimeSpan>? WaitingToRetry;

    /// <summary>A message reached its end: sent, dropped or refused.</summary>
    public event Action<TelegramMessage, TelegramSendStatus>? Finished;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in outbox.Reader.ReadAllAsync(stoppingToken))
            {
                TelegramSendStatus status;
                try
                {
                    status = await DeliverAsync(message, stoppingToken);
                }
                catch (Exception ex) when (ex is DbException or DbUpdateException or InvalidOperationException)
                {
                    LogStoreFailed(logger, ex.GetType().Name, LogText.Escape(message.OwnerId));
                    status = TelegramSendStatus.Unreachable;
                }

                Finished?.Invoke(message, status);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<TelegramSendStatus> DeliverAsync(TelegramMessage message, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        for (var attempt = 1; ; attempt++)
        {
            // Read for every attempt: a token fixed or removed while waiting is honoured.
            if (await channels.OpenAsync(message.OwnerId, evenIfBroken: false, stoppingToken) is not { } channel || !channel.Kinds.Contains(message.Kind))
            {
                return TelegramSendStatus.Skipped;
            }

            var result = await api.SendMessageAsync(channel.BotToken, channel.ChatId, message.Text, stoppingToken);
            switch (result.Status)
            {
                case TelegramSendStatus.Sent:
                    if (attempt > 1)
                    {
                        LogSentAfterRetry(logger, LogText.Escape(message.OwnerId), attempt);
                    }

                    await channels.RecordAsync(message.OwnerId, TelegramChannelState.Working, null, stoppingToken);
                    return result.Status;
                case TelegramSendStatus.Unauthorized or TelegramSendStatus.Forbidden:
                    LogChannelBroken(logger, LogText.Escape(message.OwnerId), (int)result.Status, LogText.Escape(result.Description));
                    await channels.RecordAsync(message.OwnerId, TelegramChannelState.Broken, result.Explain(), stoppingToken);
                    return result.Status;
                case TelegramSendStatus.BadRequest:
                    LogRefused(logger, LogText.Escape(message.OwnerId), LogText.Escape(result.Description));
                    return result.Status;
            }

            // 429, or no answer: try again after Telegram's retry_after (or a short growing pause), a bounded number of times.
            var wait = result.RetryAfter ?? TimeSpan.FromSeconds(attempt * 2);
            if (attempt >= settings.MaxAttempts || wait > settings.LongestRetryAfter)
            {
                LogGaveUp(logger, LogText.Escape(message.OwnerId), result.Status.ToString(), attempt);
                return result.Status;
            }

            var pause = Task.Delay(wait, time, stoppingToken);
            WaitingToRetry?.Invoke(wait);
            await pause;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram channel of user {OwnerId} marked broken: status {Status}, {Description}")]
    private static partial void LogChannelBroken(ILogger logger, string ownerId, int status, string description);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram refused a message for user {OwnerId}: {Description}")]
    private static partial void LogRefused(ILogger logger, string ownerId, string description);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram message for user {OwnerId} dropped after {Attempts} attempt(s): {Status}")]
    private static partial void LogGaveUp(ILogger logger, string ownerId, string status, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram message for user {OwnerId} sent at attempt {Attempt}")]
    private static partial void LogSentAfterRetry(ILogger logger, string ownerId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram message for user {OwnerId} not sent: the settings could not be read ({Error})")]
    private static partial void LogStoreFailed(ILogger logger, string error, string ownerId);
}
