using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BrokerConsole.Core.ApiKeys;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Sandbox.Kite;
using BrokerConsole.Tests.Orders;
using BrokerConsole.Tests.TestSupport;
using BrokerConsole.Web.Api;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Faults;

/// <summary>
/// Issue #18 §2: the database is locked (a second connection holds <c>BEGIN EXCLUSIVE</c> on the SQLite file) while an
/// accepted order's answer is in flight. The answer must be "placed, order id …", and the intent and audit entry are
/// written in the background once the lock is gone. The Orders page's dialog calls the same <see cref="IOrderService"/>.
/// </summary>
public sealed class LockedDatabaseFaultTests(SharedApp<OrdersSandbox> app) : IClassFixture<SharedApp<OrdersSandbox>>
{
    private static readonly TimeSpan _guard = TimeSpan.FromSeconds(30);

    private KiteRequestHold Hold => app.Sandbox.Services.GetRequiredService<KiteControlState>().Hold;

    private OrderOutcomeRecorder Recorder => app.Services.GetRequiredService<OrderOutcomeRecorder>();

    [Fact]
    public async Task Placement_accepted_while_the_database_is_locked_answers_placed_and_records_once_the_lock_is_gone()
    {
        await using var trader = await app.NewTraderWithSessionAsync();
        var (result, tag) = await PlaceUnderLockAsync(trader, () => trader.Orders.PlaceAsync(Limit(trader.AccountId)), r => r.Tag);

        Assert.Equal(PlacementOutcome.Placed, result.Outcome);
        Assert.StartsWith("Placed: order ", result.Message, StringComparison.Ordinal);
        await AssertRecordedAsync(trader, tag, result.OrderId!);
    }

    [Fact]
    public async Task Api_placement_accepted_while_the_database_is_locked_is_200_placed_not_500()
    {
        await using var trader = await app.NewTraderWithSessionAsync();
        var key = await trader.Scope.ServiceProvider.GetRequiredService<IApiKeyService>().CreateAsync("locked");
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key.Secret);

        var (body, tag) = await PlaceUnderLockAsync(trader, async () =>
        {
            using var response = await client.PostAsJsonAsync($"/api/v1/accounts/{trader.AccountId}/orders", new
            {
                exchange = "NSE",
                tradingSymbol = "INFY",
                side = "Buy",
                quantity = 1,
                orderType = "Limit",
                price = 1001m,
            });
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }, b => b.GetProperty("tag").GetString()!);

        Assert.Equal("Placed", body.GetProperty("outcome").GetString());
        await AssertRecordedAsync(trader, tag, body.GetProperty("orderId").GetString()!);
    }

    private static OrderTicket Limit(Guid accountId) => new()
    {
        AccountId = accountId,
        Exchange = "NSE",
        TradingSymbol = "INFY",
        Side = TransactionType.Buy,
        Quantity = 1,
        OrderType = OrderType.Limit,
        Price = 1002m,
        Product = ProductType.Cnc,
    };

    /// <summary>
    /// Holds the placement at the broker, locks the database, lets the broker answer, and returns the caller's answer.
    /// The lock stays until the first background retry is armed; then it is released and the fake clock moves on.
    /// </summary>
    private async Task<(T Answer, string Tag)> PlaceUnderLockAsync<T>(Trader trader, Func<Task<T>> place, Func<T, string> tagOf)
    {
        var retrying = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRetrying(RecordingRetry retry) => retrying.TrySetResult();
        Recorder.Retrying += OnRetrying;
        await app.Sandbox.ControlAsync("hold", new { path_prefix = "/orders/regular" });
        try
        {
            app.Sandbox.NextSecond();
            var placing = place();
            await Hold.WhenHeldAsync(1).WaitAsync(_guard);

            T answer;
            await using (var locker = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "brokerconsole.db")}"))
            {
                await locker.OpenAsync();
                await using (var begin = locker.CreateCommand())
                {
                    begin.CommandText = "BEGIN EXCLUSIVE";
                    await begin.ExecuteNonQueryAsync();
                }

                await app.Sandbox.ControlAsync("release", new { register = true });
                answer = await placing.WaitAsync(_guard);
                await retrying.Task.WaitAsync(_guard);

                // Still locked: nothing could be recorded yet, and the answer did not wait for it.
                var tag = tagOf(answer);
                Assert.Equal(OrderIntentStatus.Sending, (await ReadIntentAsync(tag)).Status);
                await using var rollback = locker.CreateCommand();
                rollback.CommandText = "ROLLBACK";
                await rollback.ExecuteNonQueryAsync();
                return (answer, tag);
            }
        }
        finally
        {
            Recorder.Retrying -= OnRetrying;
            await Hold.Release(register: false, count: null);
        }
    }

    private async Task AssertRecordedAsync(Trader trader, string tag, string orderId)
    {
        var recorded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRecorded(string what)
        {
            if (what.Contains(tag, StringComparison.Ordinal))
            {
                recorded.TrySetResult();
            }
        }

        Recorder.Recorded += OnRecorded;
        try
        {
            // The retry's wait is armed on the fake clock: moving it past the longest pause runs the retry.
            app.Clock.Advance(TimeSpan.FromSeconds(31));
            await recorded.Task.WaitAsync(_guard);
        }
        finally
        {
            Recorder.Recorded -= OnRecorded;
        }

        var intent = await ReadIntentAsync(tag);
        Assert.Equal(OrderIntentStatus.Placed, intent.Status);
        Assert.Equal(orderId, intent.BrokerOrderId);
        var audit = await trader.Scope.ServiceProvider.GetRequiredService<IAuditTrail>().RecentAsync(20);
        Assert.Contains(audit, a => a.Action == AuditAction.OrderPlaced && a.Summary.Contains(tag, StringComparison.Ordinal));
        app.Sandbox.NextSecond();
        Assert.Single(await ZerodhaTraders.BookAsync(trader), o => o.Tag == tag);
    }

    private async Task<OrderIntent> ReadIntentAsync(string tag)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync();
        return await db.OrderIntents.AsNoTracking().SingleAsync(i => i.Tag == tag);
    }
}
