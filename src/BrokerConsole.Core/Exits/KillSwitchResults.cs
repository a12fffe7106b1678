using System.Text.Json;
using System.Text.Json.Serialization;
using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BrokerConsole.Core.Exits;

/// <summary>One kill-switch run as stored: its lines as JSON, since they are only ever read back whole.</summary>
public sealed class KillSwitchRecord
{
    public Guid Id { get; set; }

    public required string OwnerId { get; set; }

    public DateTimeOffset At { get; set; }

    public required string ItemsJson { get; set; }
}

internal sealed class KillSwitchRecordConfiguration : IEntityTypeConfiguration<KillSwitchRecord>
{
    public void Configure(EntityTypeBuilder<KillSwitchRecord> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.OwnerId).HasMaxLength(450);
        builder.HasIndex(r => r.OwnerId);
    }
}

/// <summary>
/// Kill-switch runs, kept in the database: the result page after an emergency must survive the restart that often
/// follows one. Owner-scoped: another user's run id reads as unknown.
/// </summary>
public sealed class KillSwitchResults(IDbContextFactory<BrokerConsoleDbContext> dbFactory)
{
    private static readonly JsonSerializerOptions _json = new() { Converters = { new JsonStringEnumConverter() } };

    public async Task AddAsync(string ownerId, KillSwitchRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.KillSwitchRuns.Add(new KillSwitchRecord { Id = run.Id, OwnerId = ownerId, At = run.At, ItemsJson = JsonSerializer.Serialize(run.Items, _json) });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The owner's run, or null (another user's run id is unknown).</summary>
    public async Task<KillSwitchRun?> FindAsync(string ownerId, Guid runId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.KillSwitchRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId && r.OwnerId == ownerId, cancellationToken);
        return record is null ? null : new KillSwitchRun(record.Id, record.At, JsonSerializer.Deserialize<List<KillSwitchItem>>(record.ItemsJson, _json) ?? []);
    }
}
