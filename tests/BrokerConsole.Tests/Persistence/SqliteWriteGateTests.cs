using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Persistence.Providers;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Persistence;

/// <summary>
/// Writers of this process take turns on SQLite's write lock through <see cref="SqliteWriteGate"/>: a second writer waits
/// for the turn asynchronously instead of sleeping in the driver's busy loop, and every way a write ends hands it on.
/// </summary>
public sealed class SqliteWriteGateTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await AppFixture.Create().WithSetting("Storage:BusyTimeout", "00:00:02").StartAsync();
        await using var db = await NewDbAsync();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS gate_probe (x INTEGER NOT NULL UNIQUE)");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private SqliteWriteGate Gate => ((SqliteStorageProvider)_app.Services.GetRequiredService<IStorageProvider>()).WriteGate;

    private Task<BrokerConsoleDbContext> NewDbAsync() => _app.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync();

    private static AuditEntry Entry(string summary) => new() { UserId = "gate-test", Summary = summary, At = DateTimeOffset.UnixEpoch, Action = AuditAction.OrderPlaced };

    [Fact]
    public async Task A_second_writer_waits_for_the_open_transaction_to_commit_then_writes()
    {
        await using var first = await NewDbAsync();
        await using var transaction = await first.Database.BeginTransactionAsync();
        await first.Database.ExecuteSqlRawAsync("INSERT INTO gate_probe (x) VALUES (1)");
        Assert.True(Gate.IsHeld);

        await using var second = await NewDbAsync();
        second.AuditEntries.Add(Entry("second writer"));
        var waiting = second.SaveChangesAsync();
        // Waiting on the gate, not in SQLite: with the gate gone this task would be parked in the driver's busy loop
        // and fail after Storage:BusyTimeout (2 s) instead of finishing once the first commits.
        Assert.False(waiting.IsCompleted);

        await transaction.CommitAsync();
        Assert.Equal(1, await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(Gate.IsHeld);
    }

    [Fact]
    public async Task A_transaction_disposed_without_commit_hands_the_turn_on_and_writes_nothing()
    {
        await using (var db = await NewDbAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlRawAsync("INSERT INTO gate_probe (x) VALUES (2)");
            Assert.True(Gate.IsHeld);
        }

        Assert.False(Gate.IsHeld);
        await using var check = await NewDbAsync();
        Assert.Equal(0, await check.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM gate_probe WHERE x = 2").SingleAsync());
    }

    [Fact]
    public async Task A_context_disposed_with_its_transaction_open_hands_the_turn_on()
    {
        var db = await NewDbAsync();
        await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync("INSERT INTO gate_probe (x) VALUES (3)");
        await db.DisposeAsync();

        Assert.False(Gate.IsHeld);
    }

    [Fact]
    public async Task A_failed_statement_and_a_rolled_back_transaction_hand_the_turn_on()
    {
        await using var db = await NewDbAsync();
        await db.Database.ExecuteSqlRawAsync("INSERT INTO gate_probe (x) VALUES (4)");
        await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("INSERT INTO gate_probe (x) VALUES (4)"));
        Assert.False(Gate.IsHeld);

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("INSERT INTO gate_probe (x) VALUES (4)"));
            await transaction.RollbackAsync();
        }

        Assert.False(Gate.IsHeld);
    }

    [Fact]
    public async Task Reads_do_not_wait_for_a_writer()
    {
        await using var writer = await NewDbAsync();
        await using var transaction = await writer.Database.BeginTransactionAsync();
        await writer.Database.ExecuteSqlRawAsync("INSERT INTO gate_probe (x) VALUES (5)");

        await using var reader = await NewDbAsync();
        // WAL: the committed state, at once, while the writer holds the turn.
        Assert.Equal(0, await reader.AuditEntries.CountAsync(e => e.UserId == "gate-reader"));
        Assert.True(Gate.IsHeld);
        await transaction.CommitAsync();
    }

    [Fact]
    public async Task A_writer_that_waits_longer_than_the_busy_timeout_gets_a_locked_database_error_naming_the_setting()
    {
        await using var first = await NewDbAsync();
        await using var transaction = await first.Database.BeginTransactionAsync();
        await first.Database.ExecuteSqlRawAsync("INSERT INTO gate_probe (x) VALUES (6)");

        await using var second = await NewDbAsync();
        second.AuditEntries.Add(Entry("too late"));
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => second.SaveChangesAsync());
        var busy = Assert.IsType<SqliteException>(ex is DbUpdateException { InnerException: { } inner } ? inner : ex);
        Assert.Equal(5, busy.SqliteErrorCode);
        Assert.Contains("Storage:BusyTimeout", busy.Message, StringComparison.Ordinal);
        await transaction.CommitAsync();
        Assert.False(Gate.IsHeld);
    }

    [Fact]
    public async Task Many_concurrent_writers_all_land_and_leave_the_turn_free()
    {
        var writes = Enumerable.Range(0, 40).Select(async n =>
        {
            await using var db = await NewDbAsync();
            if (n % 2 == 0)
            {
                db.AuditEntries.Add(Entry($"concurrent {n}"));
                await db.SaveChangesAsync();
            }
            else
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                await db.Database.ExecuteSqlAsync($"INSERT INTO gate_probe (x) VALUES ({1000 + n})");
                await transaction.CommitAsync();
            }
        });
        await Task.WhenAll(writes);

        Assert.False(Gate.IsHeld);
        await using var check = await NewDbAsync();
        Assert.Equal(20, await check.AuditEntries.CountAsync(e => e.Summary.StartsWith("concurrent ")));
        Assert.Equal(20, await check.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM gate_probe WHERE x >= 1000").SingleAsync());
    }
}
