using BrokerConsole.Core.Brokers.Zerodha;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Logging;
using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core.Orders;

/// <summary>The fields of a Kite order postback the console needs (reference §11); <c>status_message</c> is a rejection's reason.</summary>
public sealed record ZerodhaPostback(string? UserId, string? OrderId, string? OrderTimestamp, string? Checksum, string? Status, string? TradingSymbol, string? StatusMessage = null);

/// <summary>What became of a postback.</summary>
public enum PostbackVerdict
{
    /// <summary>Checksum matched an account's API secret; the owner's tabs were told.</summary>
    Accepted,

    /// <summary>Fields missing.</summary>
    Malformed,

    /// <summary>No Zerodha account with that client id, or no candidate's secret produced the checksum.</summary>
    BadChecksum,

    /// <summary><c>order_timestamp</c> is further than <see cref="ZerodhaPostbackReceiver.AllowedClockSkew"/> from now: a replay, or a clock to fix.</summary>
    Stale,

    /// <summary>Genuine, but this order already reached this status: acknowledged, nobody told twice.</summary>
    Duplicate,
}

/// <summary>
/// Verifies Zerodha postbacks. The payload names the client (<c>user_id</c>) but not the API key, and the
/// same client id may be registered by several users of this console, so every candidate's API secret is
/// tried; only a match proves which account (and owner) the postback is for.
/// </summary>
public sealed partial class ZerodhaPostbackReceiver(
    IDbContextFactory<BrokerConsoleDbContext> dbFactory,
    ISecretProtector protector,
    UserEventHub<OrderUpdate> notifier,
    PostbackMemory memory,
    Notifications.Trading.TradingNotifier notices,
    TimeProvider time,
    ILogger<ZerodhaPostbackReceiver> logger)
{
    /// <summary>How far <c>order_timestamp</c> may be from this server's clock (Kite sends it within seconds).</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan _indiaOffset = TimeSpan.FromHours(5.5);

    /// <summary>Verifies the checksum and, when genuine, publishes an <see cref="OrderUpdate"/> to the account's owner.</summary>
    public async Task<PostbackVerdict> ReceiveAsync(ZerodhaPostback postback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(postback);
        if (string.IsNullOrEmpty(postback.UserId) || string.IsNullOrEmpty(postback.OrderId)
            || string.IsNullOrEmpty(postback.OrderTimestamp) || string.IsNullOrEmpty(postback.Checksum))
        {
            LogMalformed(logger);
            return PostbackVerdict.Malformed;
        }

        // Kite writes the order's time in IST without a zone.
        if (!DateTime.TryParseExact(postback.OrderTimestamp, "yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var local))
        {
            LogMalformed(logger);
            return PostbackVerdict.Malformed;
        }

        var sentAt = new DateTimeOffset(local, _indiaOffset);
        if ((time.GetUtcNow() - sentAt).Duration() > AllowedClockSkew)
        {
            LogStale(logger, LogText.Escape(postback.OrderId), LogText.Escape(postback.OrderTimestamp));
            return PostbackVerdict.Stale;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var candidates = await db.BrokerAccounts.AsNoTracking().Include(a => a.Secrets)
            .Where(a => a.Broker == ZerodhaModule.Broker && a.ClientId == postback.UserId)
            .ToListAsync(cancellationToken);
        // Every account whose secret verifies is told: two users may have registered the same Kite app,
        // and both are entitled to know. The update only makes their pages re-read the broker.
        var accepted = 0;
        var repeats = 0;
        foreach (var account in candidates)
        {
            var secret = account.Secrets.FirstOrDefault(s => s.Kind == SecretKind.ApiSecret);
            if (secret is null
                || !KiteChecksum.VerifyPostback(postback.OrderId, postback.OrderTimestamp, protector.Unprotect(account.Id, SecretKind.ApiSecret, secret.Ciphertext), postback.Checksum))
            {
                continue;
            }

            if (!memory.FirstTime(account.Id, postback.OrderId, postback.Status ?? ""))
            {
                repeats++;
                continue;
            }

            accepted++;
            LogAccepted(logger, account.Id, LogText.Escape(postback.OrderId), LogText.Escape(postback.Status));
            await notifier.PublishAsync(account.OwnerId, new OrderUpdate(account.Id, postback.OrderId, postback.Status ?? "", postback.TradingSymbol));
            if (Notifications.Trading.PostbackNotice.For(account, postback) is { } notice)
            {
                await notices.NotifyAsync(notice);
            }
        }

        if (accepted > 0)
        {
            return PostbackVerdict.Accepted;
        }

        if (repeats > 0)
        {
            return PostbackVerdict.Duplicate;
        }

        // The client id and order id are not secrets; the checksum and secrets are never logged.
        LogRejected(logger, LogText.Escape(postback.UserId), LogText.Escape(postback.OrderId), candidates.Count);
        return PostbackVerdict.BadChecksum;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Zerodha postback refused: required fields missing")]
    private static partial void LogMalformed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Zerodha postback for account {AccountId}, order {OrderId}: {Status}")]
    private static partial void LogAccepted(ILogger logger, Guid accountId, string orderId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Zerodha postback refused: order {OrderId} stamped {OrderTimestamp} IST, more than 10 minutes from this server's clock")]
    private static partial void LogStale(ILogger logger, string orderId, string orderTimestamp);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Zerodha postback refused: checksum matched none of {Candidates} account(s) with client id {ClientId} (order {OrderId})")]
    private static partial void LogRejected(ILogger logger, string clientId, string orderId, int candidates);
}
