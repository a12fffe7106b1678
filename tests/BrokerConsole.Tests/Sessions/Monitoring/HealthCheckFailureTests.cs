using BrokerConsole.Core.Health;
using BrokerConsole.Core.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BrokerConsole.Tests.Sessions.Monitoring;

/// <summary>/healthz goes Unhealthy when the database cannot be opened or the key ring cannot be used.</summary>
public sealed class HealthCheckFailureTests
{
    private sealed class MissingDatabase : IDbContextFactory<BrokerConsoleDbContext>
    {
        public BrokerConsoleDbContext CreateDbContext() => new(new DbContextOptionsBuilder<BrokerConsoleDbContext>()
            .UseSqlite($"Data Source={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "missing", "x.db")};Mode=ReadWrite")
            .Options);
    }

    private sealed class BrokenKeyRing : IDataProtectionProvider
    {
        public IDataProtector CreateProtector(string purpose) => throw new System.Security.Cryptography.CryptographicException("key ring unreadable");
    }

    [Fact]
    public async Task Database_check_with_unreachable_database_is_unhealthy()
    {
        var result = await new DatabaseHealthCheck(new MissingDatabase()).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    [Fact]
    public async Task Key_ring_check_with_unusable_key_ring_is_unhealthy()
    {
        var result = await new KeyRingHealthCheck(new BrokenKeyRing()).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.DoesNotContain("key ring unreadable", result.Description, StringComparison.Ordinal);
    }
}
