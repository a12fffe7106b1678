using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Identity;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BrokerConsole.Core.Persistence;

/// <remarks>
/// On PostgreSQL this context also holds the Data Protection key ring (<see cref="IDataProtectionKeyContext"/>, table
/// <c>DataProtectionKeys</c>, in the PostgreSQL model only: SQLite's dialect ignores it, so a SQLite file never gains a
/// keys table and a stolen .db decrypts nothing). Here rather than in a small context of its own: one connection string,
/// one migrations history and one <c>pg_dump</c>; and a second DbContext in these assemblies would make every
/// <c>dotnet ef</c> command (docs/storage.md, scripts/test.sh) need <c>--context</c>.
/// </remarks>
public sealed class BrokerConsoleDbContext(DbContextOptions<BrokerConsoleDbContext> options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<BrokerAccount> BrokerAccounts => Set<BrokerAccount>();

    public DbSet<AccountSecret> AccountSecrets => Set<AccountSecret>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<Sessions.BrokerSession> BrokerSessions => Set<Sessions.BrokerSession>();

    public DbSet<Sessions.LoginAttempt> LoginAttempts => Set<Sessions.LoginAttempt>();

    public DbSet<Notifications.Notification> Notifications => Set<Notifications.Notification>();

    public DbSet<Notifications.NotificationSettings> NotificationSettings => Set<Notifications.NotificationSettings>();

    public DbSet<Orders.OrderIntent> OrderIntents => Set<Orders.OrderIntent>();

    public DbSet<Scheduling.Schedule> Schedules => Set<Scheduling.Schedule>();

    public DbSet<Scheduling.ScheduleRun> ScheduleRuns => Set<Scheduling.ScheduleRun>();

    public DbSet<Scheduling.ScheduleRunItem> ScheduleRunItems => Set<Scheduling.ScheduleRunItem>();

    public DbSet<Baskets.Basket> Baskets => Set<Baskets.Basket>();

    public DbSet<ApiKeys.ApiKey> ApiKeys => Set<ApiKeys.ApiKey>();

    public DbSet<Identity.Registration.Invite> Invites => Set<Identity.Registration.Invite>();

    public DbSet<Exits.KillSwitchRecord> KillSwitchRuns => Set<Exits.KillSwitchRecord>();

    /// <summary>The key ring's rows (PostgreSQL only; each row's XML encrypted with the key-ring certificate).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>What this context's engine speaks (model details, error codes): see Persistence/Providers.</summary>
    public Providers.IStorageDialect Dialect => Providers.StorageDialects.For(Database.ProviderName);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // SQLite cannot order or compare DateTimeOffset; store UTC ticks, which sort correctly. PostgreSQL keeps the same
        // form (bigint), so an instant is UTC whatever offset the code held and both engines compare it the same way.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(BrokerConsoleDbContext).Assembly);
        Dialect.AdjustModel(builder);
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
