using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Orders;

/// <summary>
/// Issue 18 §3: a session token no key in the ring can decrypt (keys folder replaced) must give a clear "log in
/// again" answer and leave no intent behind: nothing was sent.
/// </summary>
[Collection(nameof(OrdersSandboxGroup))]
public sealed class UnreadableSessionOrderTests(SharedApp<OrdersSandbox> app)
{
    /// <summary>Rewrites the live session's token as another key ring would have written it: its key is not in this app's ring.</summary>
    private async Task MakeSessionUnreadableAsync(Guid accountId)
    {
        var foreign = new DataProtectionSecretProtector(new EphemeralDataProtectionProvider());
        var ciphertext = foreign.Protect(accountId, SecretKind.SessionToken, "token-from-another-key-ring");
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync();
        var updated = await db.BrokerSessions
            .Where(s => s.AccountId == accountId && s.Status == SessionStatus.Active)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.AccessTokenCiphertext, ciphertext));
        Assert.Equal(1, updated);
    }

    [Fact]
    public async Task Order_with_an_undecryptable_session_is_not_sent_says_log_in_again_and_writes_no_intent()
    {
        await using var trader = await app.NewTraderWithSessionAsync();
        var before = (await ZerodhaTraders.BookAsync(trader)).Count;
        await MakeSessionUnreadableAsync(trader.AccountId);

        var result = await trader.Orders.PlaceAsync(new OrderTicket
        {
            AccountId = trader.AccountId,
            Exchange = "NSE",
            TradingSymbol = "INFY",
            Side = TransactionType.Buy,
            Quantity = 1,
            OrderType = OrderType.Market,
            Product = ProductType.Cnc,
        });

        Assert.Equal(PlacementOutcome.NotPlaced, result.Outcome);
        Assert.True(result.NotSent);
        Assert.Equal("Not sent. The stored session cannot be decrypted: the key ring changed; log in again.", result.Message);
        Assert.Empty(await trader.Orders.RecentIntentsAsync(10));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("not found in the key ring", StringComparison.Ordinal) && l.Contains(nameof(OrderService), StringComparison.Ordinal));

        // Every other broker call says the same instead of Data Protection's raw "key … not found in the key ring".
        var call = await Assert.ThrowsAsync<SessionUnreadableException>(() => ZerodhaTraders.BookAsync(trader));
        Assert.Equal(SessionUnreadableException.Explanation, call.Message);
        Assert.IsAssignableFrom<NoActiveSessionException>(call);

        // Nothing reached the broker: the same sandbox user's book, read through a fresh login, has no new order.
        await using var fresh = await app.NewTraderWithSessionAsync();
        Assert.Equal(before, (await ZerodhaTraders.BookAsync(fresh)).Count);
    }
}
