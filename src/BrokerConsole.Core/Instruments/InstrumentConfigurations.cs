using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BrokerConsole.Core.Instruments;

internal sealed class ConsoleInstrumentConfiguration : IEntityTypeConfiguration<ConsoleInstrument>
{
    public void Configure(EntityTypeBuilder<ConsoleInstrument> builder)
    {
        builder.ToTable("Instruments");
        builder.HasKey(i => i.Id);
        // Ids are given by the refresh that writes the whole table at once (bulk insert), not by the database.
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Exchange).IsRequired().HasMaxLength(8);
        builder.Property(i => i.ExchangeToken).IsRequired().HasMaxLength(24);
        builder.Property(i => i.Symbol).IsRequired().HasMaxLength(64);
        builder.Property(i => i.Name).IsRequired().HasMaxLength(128);
        builder.Property(i => i.Underlying).IsRequired().HasMaxLength(64);
        builder.Property(i => i.Isin).HasMaxLength(12);
        builder.HasIndex(i => new { i.Exchange, i.ExchangeToken }).IsUnique();
        builder.HasIndex(i => new { i.Exchange, i.Symbol });
        builder.HasIndex(i => i.Isin);
    }
}

internal sealed class BrokerInstrumentConfiguration : IEntityTypeConfiguration<BrokerInstrument>
{
    public void Configure(EntityTypeBuilder<BrokerInstrument> builder)
    {
        builder.ToTable("BrokerInstruments");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.TradingSymbol).IsRequired().HasMaxLength(64);
        builder.Property(i => i.OrderExchange).IsRequired().HasMaxLength(8);
        builder.Property(i => i.OrderSymbol).IsRequired().HasMaxLength(64);
        builder.Property(i => i.Token).IsRequired().HasMaxLength(32);
        builder.HasOne<ConsoleInstrument>().WithMany().HasForeignKey(i => i.InstrumentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => new { i.Broker, i.TradingSymbol });
    }
}

internal sealed class InstrumentRefreshConfiguration : IEntityTypeConfiguration<InstrumentRefresh>
{
    public void Configure(EntityTypeBuilder<InstrumentRefresh> builder)
    {
        builder.ToTable("InstrumentRefreshes");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Summary).IsRequired().HasMaxLength(2000);
    }
}
