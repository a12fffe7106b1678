using BrokerConsole.Core.Auditing;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Security;

/// <summary>
/// Issue #17 §3: the SQLite write-ahead log and shared-memory files hold recent writes (encrypted secrets, audit lines,
/// e-mail addresses) and must be as private as the database file itself. §7: audit lines fit their column.
/// </summary>
public sealed class StorageModeTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Database_wal_and_shm_files_are_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only
        }

        // A write, so the WAL holds something and certainly exists.
        await app.CreateUserAsync("wal-mode@example.com");

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            var file = Path.Combine(app.DataDirectory, "brokerconsole.db" + suffix);
            Assert.True(File.Exists(file), file);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task An_audit_summary_longer_than_its_column_is_cut_to_fit()
    {
        var userId = await app.CreateUserAsync("audit-cap@example.com");
        await using var scope = app.ScopeFor(userId);
        var audit = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
        await audit.RecordAsync(userId, AuditAction.AccountUpdated, "Renamed account to '" + new string('x', 5000) + "'");

        var entry = Assert.Single(await audit.RecentAsync(10));
        Assert.Equal(AuditTrail.SummaryMaxLength, entry.Summary.Length);
        Assert.EndsWith("…", entry.Summary, StringComparison.Ordinal);
    }
}
