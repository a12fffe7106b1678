using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BrokerConsole.Core.Persistence;

internal sealed class BrokerAccountConfiguration : IEntityTypeConfiguration<BrokerAccount>
{
    public void Configure(EntityTypeBuilder<BrokerAccount> builder)
    {
        builder.ToTable("BrokerAccounts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.OwnerId).IsRequired().HasMaxLength(64);
        builder.Property(a => a.DisplayName).IsRequired().HasMaxLength(AccountValidator.DisplayNameMaxLength);
        builder.Property(a => a.ClientId).IsRequired().HasMaxLength(32);
        builder.Property(a => a.ApiKey).HasMaxLength(64);
        builder.Property(a => a.RedirectUrl).HasMaxLength(AccountValidator.UrlMaxLength);
        builder.Property(a => a.PostbackUrl).HasMaxLength(AccountValidator.UrlMaxLength);
        builder.HasIndex(a => a.OwnerId);
        // The service refuses a second card of one broker login with a message; this catches two racing saves.
        builder.HasIndex(a => new { a.OwnerId, a.Broker, a.Environment, a.ClientId }).IsUnique().HasDatabaseName("IX_BrokerAccounts_OneCardPerLogin");
        builder.HasMany(a => a.Secrets).WithOne().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Identity.ApplicationUser>().WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AccountSecretConfiguration : IEntityTypeConfiguration<AccountSecret>
{
    public void Configure(EntityTypeBuilder<AccountSecret> builder)
    {
        builder.ToTable("AccountSecrets");
        builder.HasKey(s => new { s.AccountId, s.Kind });
        builder.Property(s => s.Ciphertext).IsRequired();
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.UserId).IsRequired().HasMaxLength(64);
        builder.Property(e => e.Summary).IsRequired().HasMaxLength(AuditTrail.SummaryMaxLength);
        builder.Property(e => e.ClientIp).HasMaxLength(RequestOrigin.MaxLength);
        builder.HasIndex(e => new { e.UserId, e.At });
    }
}

internal sealed class BrokerSessionConfiguration : IEntityTypeConfiguration<Sessions.BrokerSession>
{
    public void Configure(EntityTypeBuilder<Sessions.BrokerSession> builder)
    {
        builder.ToTable("BrokerSessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.OwnerId).IsRequired().HasMaxLength(64);
        builder.Property(s => s.BrokerUserId).HasMaxLength(64);
        builder.Property(s => s.UserName).HasMaxLength(200);
        builder.Property(s => s.UserShortName).HasMaxLength(100);
        builder.Property(s => s.Email).HasMaxLength(256);
        builder.Property(s => s.UserType).HasMaxLength(64);
        builder.Property(s => s.BrokerName).HasMaxLength(64);
        builder.Property(s => s.EndReason).HasMaxLength(500);
        builder.Property(s => s.LastError).HasMaxLength(500);
        builder.HasIndex(s => new { s.AccountId, s.LoginTime });
        builder.HasIndex(s => s.OwnerId);
        // The database itself guarantees one active session per account, whatever the code does.
        builder.HasIndex(s => s.AccountId).IsUnique().HasFilter("\"Status\" = 'Active'").HasDatabaseName("IX_BrokerSessions_OneActivePerAccount");
        builder.HasOne<BrokerAccount>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LoginAttemptConfiguration : IEntityTypeConfiguration<Sessions.LoginAttempt>
{
    public void Configure(EntityTypeBuilder<Sessions.LoginAttempt> builder)
    {
        builder.ToTable("LoginAttempts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.StateHash).IsRequired().HasMaxLength(64);
        builder.Property(a => a.OwnerId).IsRequired().HasMaxLength(64);
        builder.HasIndex(a => a.StateHash).IsUnique();
        builder.HasOne<BrokerAccount>().WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notifications.Notification>
{
    public void Configure(EntityTypeBuilder<Notifications.Notification> builder)
    {
        builder.ToTable("Notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.OwnerId).IsRequired().HasMaxLength(64);
        builder.Property(n => n.Message).IsRequired().HasMaxLength(500);
        builder.HasIndex(n => new { n.OwnerId, n.DismissedAt });
        builder.HasIndex(n => new { n.SessionId, n.Kind });
        builder.Property(n => n.DedupeKey).HasMaxLength(200);
        builder.Property(n => n.Link).HasMaxLength(200);
        // One trading event, one notification: a second insert of the same key is refused by the database itself.
        builder.HasIndex(n => new { n.OwnerId, n.DedupeKey }).IsUnique();
        builder.HasOne<BrokerAccount>().WithMany().HasForeignKey(n => n.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationSettingsConfiguration : IEntityTypeConfiguration<Notifications.NotificationSettings>
{
    public void Configure(EntityTypeBuilder<Notifications.NotificationSettings> builder)
    {
        builder.ToTable("NotificationSettings");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.OwnerId).IsRequired().HasMaxLength(64);
        builder.HasIndex(s => s.OwnerId).IsUnique();
        builder.Property(s => s.TelegramKinds).IsRequired().HasMaxLength(300);
        builder.Property(s => s.TelegramBotTokenCiphertext).HasMaxLength(2000);
        builder.Property(s => s.TelegramChatIdCiphertext).HasMaxLength(2000);
        builder.Property(s => s.TelegramBotId).HasMaxLength(20);
        builder.Property(s => s.TelegramProblem).HasMaxLength(500);
        builder.Ignore(s => s.HasTelegram);
        builder.HasOne<Identity.ApplicationUser>().WithMany().HasForeignKey(s => s.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OrderIntentConfiguration : IEntityTypeConfiguration<Orders.OrderIntent>
{
    public void Configure(EntityTypeBuilder<Orders.OrderIntent> builder)
    {
        builder.ToTable("OrderIntents");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.OwnerId).IsRequired().HasMaxLength(64);
        builder.Property(i => i.Tag).IsRequired().HasMaxLength(Orders.OrderTags.MaxLength);
        builder.Property(i => i.Summary).IsRequired().HasMaxLength(200);
        builder.Property(i => i.BrokerOrderId).HasMaxLength(64);
        builder.Property(i => i.Message).HasMaxLength(500);
        // The tag is what reconciliation searches the order book for: the database refuses a second use.
        builder.HasIndex(i => i.Tag).IsUnique();
        builder.HasIndex(i => new { i.OwnerId, i.CreatedAt });
        builder.HasOne<BrokerAccount>().WithMany().HasForeignKey(i => i.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScheduleConfiguration : IEntityTypeConfiguration<Scheduling.Schedule>
{
    public void Configure(EntityTypeBuilder<Scheduling.Schedule> builder)
    {
        builder.ToTable("Schedules");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.OwnerId).IsRequired().HasMaxLength(64);
        builder.Property(s => s.Name).IsRequired().HasMaxLength(100);
        // Account ids, days and orders are read and written with their schedule only: JSON columns.
        builder.PrimitiveCollection(s => s.AccountIds);
        builder.PrimitiveCollection(s => s.Days);
        builder.OwnsMany(s => s.Orders, o =>
        {
            o.ToJson();
        });
        builder.HasIndex(s => s.OwnerId);
    }
}

internal sealed class BasketConfiguration : IEntityTypeConfiguration<Baskets.Basket>
{
    private static readonly System.Text.Json.JsonSerializerOptions _json = new(System.Text.Json.JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<Baskets.Basket> builder)
    {
        builder.ToTable("Baskets");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.OwnerId).IsRequired().HasMaxLength(64);
        builder.Property(b => b.Name).IsRequired().HasMaxLength(100);
        // Legs and targets are read and written with their basket only: JSON columns.
        builder.OwnsMany(b => b.Legs, o => o.ToJson());
        builder.Property(b => b.Targets).HasConversion(
            targets => System.Text.Json.JsonSerializer.Serialize(targets, _json),
            text => System.Text.Json.JsonSerializer.Deserialize<List<Baskets.BasketTarget>>(text, _json) ?? new List<Baskets.BasketTarget>(),
            new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<Baskets.BasketTarget>>(
                (a, b) => System.Text.Json.JsonSerializer.Serialize(a, _json) == System.Text.Json.JsonSerializer.Serialize(b, _json),
                v => System.Text.Json.JsonSerializer.Serialize(v, _json).GetHashCode(StringComparison.Ordinal),
                v => System.Text.Json.JsonSerializer.Deserialize<List<Baskets.BasketTarget>>(System.Text.Json.JsonSerializer.Serialize(v, _json), _json)!));
        builder.HasIndex(b => b.OwnerId);
    }
}

internal sealed class ScheduleRunConfiguration : IEntityTypeConfiguration<Scheduling.ScheduleRun>
{
    public void Configure(EntityTypeBuilder<Scheduling.ScheduleRun> builder)
    {
        builder.ToTable("ScheduleRuns");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.OwnerId).IsRequired().HasMaxLength(64);
        builder.Property(r => r.ScheduleName).IsRequired().HasMaxLength(100);
        builder.Property(r => r.Message).HasMaxLength(500);
        // A clock run happens once per schedule and IST date: two ticks (or two processes) cannot both create it.
        // "Run now" runs are outside that rule; each has its own run-derived tags.
        builder.HasIndex(r => new { r.ScheduleId, r.TradingDate }).IsUnique().HasFilter("\"Manual\" = 0");
        builder.HasIndex(r => new { r.OwnerId, r.DueAt });
        builder.HasIndex(r => r.Status);
        builder.HasOne<Scheduling.Schedule>().WithMany().HasForeignKey(r => r.ScheduleId).IsRequired(false).OnDelete(DeleteBehavior.Cascade);
        // A basket run outlives its basket: history keeps it, without the link.
        builder.HasOne<Baskets.Basket>().WithMany().HasForeignKey(r => r.BasketId).IsRequired(false).OnDelete(DeleteBehavior.SetNull);
        builder.Property(r => r.IdempotencyKey).HasMaxLength(100);
        // One run per client request: a retry with the same key finds the first run instead of placing again.
        builder.HasIndex(r => new { r.OwnerId, r.IdempotencyKey }).IsUnique().HasFilter("\"IdempotencyKey\" IS NOT NULL");
        builder.HasMany(r => r.Items).WithOne().HasForeignKey(i => i.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScheduleRunItemConfiguration : IEntityTypeConfiguration<Scheduling.ScheduleRunItem>
{
    public void Configure(EntityTypeBuilder<Scheduling.ScheduleRunItem> builder)
    {
        builder.ToTable("ScheduleRunItems");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Tag).IsRequired().HasMaxLength(Orders.OrderTags.MaxLength);
        builder.Property(i => i.Summary).IsRequired().HasMaxLength(200);
        builder.Property(i => i.BrokerOrderId).HasMaxLength(64);
        builder.Property(i => i.Message).HasMaxLength(500);
        builder.OwnsOne(i => i.Order, o => o.ToJson());
        // Deterministic per (schedule, date, account, order): unique, and what reconciliation searches for.
        builder.HasIndex(i => i.Tag).IsUnique();
        builder.HasIndex(i => i.AccountId);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKeys.ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKeys.ApiKey> builder)
    {
        builder.ToTable("ApiKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.OwnerId).IsRequired().HasMaxLength(64);
        builder.Property(k => k.Name).IsRequired().HasMaxLength(ApiKeys.ApiKeyService.NameMaxLength);
        builder.Property(k => k.Prefix).IsRequired().HasMaxLength(16);
        builder.Property(k => k.Hash).IsRequired().HasMaxLength(64);
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.HasIndex(k => k.OwnerId);
        builder.HasOne<Identity.ApplicationUser>().WithMany().HasForeignKey(k => k.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class HealthProbeConfiguration : IEntityTypeConfiguration<Health.HealthProbe>
{
    public void Configure(EntityTypeBuilder<Health.HealthProbe> builder)
    {
        builder.ToTable("HealthProbes");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
    }
}
