using BrokerConsole.Core.Brokers.Zerodha;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core.Orders;

/// <summary>The fields of a Kite order postback the console needs (reference §11).</summary>
public sealed record ZerodhaPostback(string? UserId, string? OrderId, string? OrderTimestamp, string? Checksum, string? Status, string? TradingSymbol);

/// <summary>What became of a postback.</summary>
public enum PostbackVerdict
{
    /// <summary>Checksum matched an account's API secret; the owner's tabs were told.</summary>
    Accepted,

    /// <summary>Fields missing.</summary>
    Malformed,

    /// <summary>No Zerodha account with that client id, or no candidate's secret produced the checksum.</summary>
    BadChecksum,
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
    ILogger<ZerodhaPostbackReceiver> logger)
{
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

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var candidates = await db.BrokerAccounts.AsNoTracking().Include(a => a.Secrets)
            .Where(a => a.Broker == ZerodhaModule.Broker && a.ClientId == postback.UserId)
            .ToListAsync(cancellationToken);
        // Every account whose secret verifies is told: two users may have registered the same Kite app,
        // and both are entitled to know. The update only makes their pages re-read the broker.
        var accepted = 0;
        foreach (var account in candidates)
        {
            var secret = account.Secrets.FirstOrDefault(s => s.Kind == SecretKind.ApiSecret);
            if (secret is null
                || !KiteChecksum.VerifyPostback(postback.OrderId, postback.OrderTimestamp, protector.Unprotect(account.Id, SecretKind.ApiSecret, secret.Ciphertext), postback.Checksum))
            {
                continue;
            }

            accepted++;
            LogAccepted(logger, account.Id, postback.OrderId, postback.Status);
            await notifier.PublishAsync(account.OwnerId, new OrderUpdate(account.Id, postback.OrderId, postback.Status ?? "", postback.TradingSymbol));
        }

        if (accepted > 0)
        {
            return PostbackVerdict.Accepted;
        }

        // The client id and order id are not secrets; the checksum and secrets are never logged.
        LogRejected(logger, postback.UserId, postback.OrderId, candidates.Count);
        return PostbackVerdict.BadChecksum;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Zerodha postback refused: required fields missing")]
    private static partial void LogMalformed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Zerodha postback for account {AccountId}, order {OrderId}: {Status}")]
    private static partial void LogAccepted(ILogger logger, Guid accountId, string orderId, string? status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Zerodha postback refused: checksum matched none of {Candidates} account(s) with client id {ClientId} (order {OrderId})")]
    private static partial void LogRejected(ILogger logger, string clientId, string orderId, int candidates);
}
