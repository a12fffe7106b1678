using BrokerConsole.Core.Health;
using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BrokerConsole.Tests.Sessions.Monitoring;

/// <summary>/healthz goes Unhealthy when the database cannot be opened (the key ring cases: KeyRingHealthTests).</summary>
public sealed class HealthCheckFailureTests
{
    private sealed class MissingDatabase : IDbContextFactory<BrokerConsoleDbContext>
    {
        public BrokerConsoleDbContext CreateDbContext() => new(new DbContextOptionsBuilder<BrokerConsoleDbContext>()
            .UseSqlite($"Data Source={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "missing", "x.db")};Mode=ReadWrite")
            .Options);
    }

    [Fact]
    public async Task Database_check_with_unreachable_database_is_unhealthy()
    {
        var result = await new DatabaseHealthCheck(new MissingDatabase()).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }
}
