using System.Security.Cryptography;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Sessions;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Core.Notifications.Telegram;

/// <summary>A user's bot token and chat id, decrypted for one send and never kept.</summary>
public sealed record TelegramChannel(string BotToken, string ChatId, IReadOnlySet<NotificationKind> Kinds);

/// <summary>Reads a user's Telegram channel (decrypting it) and records what Telegram said about it.</summary>
public sealed class TelegramChannelStore(
    IDbContextFactory<BrokerConsoleDbContext> dbFactory,
    ISecretProtector protector,
    UserEventHub<SessionChange> hub,
    TimeProvider time)
{
    /// <summary>The channel when it is stored and not broken; null otherwise (or when its ciphertext no longer decrypts).</summary>
    public async Task<TelegramChannel?> OpenAsync(string ownerId, bool evenIfBroken, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = await db.NotificationSettings.AsNoTracking().SingleOrDefaultAsync(s => s.OwnerId == ownerId, cancellationToken);
        if (settings is not { HasTelegram: true } || (settings.TelegramState == TelegramChannelState.Broken && !evenIfBroken))
        {
            return null;
        }

        try
        {
            return new TelegramChannel(
                protector.Unprotect(settings.Id, SecretKind.TelegramBotToken, settings.TelegramBotTokenCiphertext!),
                protector.Unprotect(settings.Id, SecretKind.TelegramChatId, settings.TelegramChatIdCiphertext!),
                settings.ParseTelegramKinds());
        }
        catch (CryptographicException)
        {
            // The key ring changed under it: the same as broken, and the page says so.
            await RecordAsync(ownerId, TelegramChannelState.Broken, "The stored bot token can no longer be decrypted (the key ring changed): save it again.", cancellationToken);
            return null;
        }
    }

    /// <summary>Whether a notification of <paramref name="kind"/> should be queued for the owner's Telegram at all.</summary>
    public async Task<bool> WantsAsync(string ownerId, NotificationKind kind, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = await db.NotificationSettings.AsNoTracking().SingleOrDefaultAsync(s => s.OwnerId == ownerId, cancellationToken);
        return settings is { HasTelegram: true } && settings.TelegramState != TelegramChannelState.Broken && settings.ParseTelegramKinds().Contains(kind);
    }

    /// <summary>Records the channel's state after a send; the owner's open tabs (the Settings page) hear of it at once.</summary>
    public async Task RecordAsync(string ownerId, TelegramChannelState state, string? problem, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.NotificationSettings.Where(s => s.OwnerId == ownerId && s.TelegramBotTokenCiphertext != null)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(s => s.TelegramState, state)
                    .SetProperty(s => s.TelegramProblem, problem)
                    .SetProperty(s => s.TelegramCheckedAt, now), cancellationToken);
        }

        await hub.PublishAsync(ownerId, new SessionChange(Guid.Empty, SessionChangeKind.NotificationsChanged, ""));
    }
}
