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
        builder.Property(e => e.Summary).IsRequired().HasMaxLength(500);
        builder.HasIndex(e => new { e.UserId, e.At });
    }
}
