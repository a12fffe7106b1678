using System.Text.RegularExpressions;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Notifications.Telegram;
using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Core.Notifications;

internal sealed partial class NotificationSettingsService(
    IDbContextFactory<BrokerConsoleDbContext> dbFactory,
    ICurrentUser currentUser,
    ISecretProtector protector,
    TelegramChannelStore channels,
    TelegramBotApi api,
    TimeProvider time) : INotificationSettingsService
{
    public async Task<NotificationSettingsView> GetAsync(CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = await db.NotificationSettings.AsNoTracking().SingleOrDefaultAsync(s => s.OwnerId == ownerId, cancellationToken);
        if (settings is null)
        {
            return new NotificationSettingsView(new HashSet<NotificationKind>(), TelegramChannelState.None, null, null, null, null);
        }

        string? chatHint = null;
        if (settings.HasTelegram)
        {
            try
            {
                var chat = protector.Unprotect(settings.Id, SecretKind.TelegramChatId, settings.TelegramChatIdCiphertext!);
                chatHint = chat.Length <= 3 ? chat : "…" + chat[^3..];
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                chatHint = "(unreadable)";
            }
        }

        return new NotificationSettingsView(settings.ParseTelegramKinds(), settings.HasTelegram ? settings.TelegramState : TelegramChannelState.None,
            settings.TelegramBotId, chatHint, settings.TelegramProblem, settings.TelegramCheckedAt);
    }

    /// <summary>What a first Telegram channel sends until the trader chooses otherwise.</summary>
    public static readonly IReadOnlySet<NotificationKind> FirstChannelKinds = new HashSet<NotificationKind>
    {
        NotificationKind.OrderRejected,
        NotificationKind.ScheduleRunFinished,
        NotificationKind.BasketRunFinished,
    };

    public async Task SetTelegramKindsAsync(IEnumerable<NotificationKind> kinds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var chosen = kinds.Where(NotificationKinds.IsTrading).Distinct().Order().Select(k => k.ToString());
        await UpdateAsync(s => s.TelegramKinds = string.Join(',', chosen), cancellationToken);
    }

    public async Task SaveTelegramAsync(string botToken, string chatId, CancellationToken cancellationToken = default)
    {
        botToken = (botToken ?? "").Trim();
        chatId = (chatId ?? "").Trim();
        if (!BotTokenShape().IsMatch(botToken))
        {
            // The message never repeats what was typed: it may be a real token with a typo.
            throw new NotificationSettingsException("That is not a bot token: BotFather gives one like 123456789:AA… (digits, a colon, then about 35 letters, digits, - or _).");
        }

        if (!ChatIdShape().IsMatch(chatId))
        {
            throw new NotificationSettingsException("The chat id is a number (e.g. 123456789, or -100… for a group) or a @channelname.");
        }

        await UpdateAsync(s =>
        {
            if (!s.HasTelegram && s.TelegramKinds.Length == 0)
            {
                // A first channel with nothing chosen would stay silent until the trader found the boxes: start with what
                // needs acting on (a rejection, a finished run). Fills can be many; they are one tick away.
                s.TelegramKinds = string.Join(',', FirstChannelKinds.Order().Select(k => k.ToString()));
            }

            s.TelegramBotTokenCiphertext = protector.Protect(s.Id, SecretKind.TelegramBotToken, botToken);
            s.TelegramChatIdCiphertext = protector.Protect(s.Id, SecretKind.TelegramChatId, chatId);
            s.TelegramBotId = botToken[..botToken.IndexOf(':', StringComparison.Ordinal)];
            s.TelegramState = TelegramChannelState.Unverified;
            s.TelegramProblem = null;
            s.TelegramCheckedAt = null;
        }, cancellationToken);
    }

    public async Task RemoveTelegramAsync(CancellationToken cancellationToken = default) =>
        await UpdateAsync(s =>
        {
            s.TelegramBotTokenCiphertext = null;
            s.TelegramChatIdCiphertext = null;
            s.TelegramBotId = null;
            s.TelegramState = TelegramChannelState.None;
            s.TelegramProblem = null;
            s.TelegramCheckedAt = null;
        }, cancellationToken);

    public async Task<TelegramSendResult> SendTestAsync(CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        if (await channels.OpenAsync(ownerId, evenIfBroken: true, cancellationToken) is not { } channel)
        {
            throw new NotificationSettingsException("Save a bot token and chat id first.");
        }

        var result = await api.SendMessageAsync(channel.BotToken, channel.ChatId,
            "BrokerConsole · Test message\nThis chat will receive the notifications you chose in Settings.", cancellationToken);
        // A 429, a 400 or no answer says nothing final about the channel: its state stays, the cause is shown.
        var state = result.Status == TelegramSendStatus.Sent ? TelegramChannelState.Working
            : result.BreaksChannel ? TelegramChannelState.Broken
            : await CurrentStateAsync(ownerId, cancellationToken);
        var problem = result.Status == TelegramSendStatus.Sent ? null : result.Explain();
        await channels.RecordAsync(ownerId, state, problem, cancellationToken);
        return result;
    }

    private async Task<TelegramChannelState> CurrentStateAsync(string ownerId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.NotificationSettings.Where(s => s.OwnerId == ownerId).Select(s => s.TelegramState).SingleAsync(cancellationToken);
    }

    private async Task UpdateAsync(Action<NotificationSettings> change, CancellationToken cancellationToken)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = await db.NotificationSettings.SingleOrDefaultAsync(s => s.OwnerId == ownerId, cancellationToken);
        if (settings is null)
        {
            settings = new NotificationSettings { Id = Guid.NewGuid(), OwnerId = ownerId };
            db.NotificationSettings.Add(settings);
        }

        change(settings);
        settings.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    [GeneratedRegex(@"^\d{3,20}:[A-Za-z0-9_-]{20,80}$")]
    private static partial Regex BotTokenShape();

    [GeneratedRegex(@"^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31})$")]
    private static partial Regex ChatIdShape();
}
