using System.Xml;
using System.Xml.Linq;
using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Core.Credentials.KeyRing;

/// <summary>
/// PostgreSQL's key ring: the <c>DataProtectionKeys</c> table of the same database, so a secret encrypted and a cookie
/// issued on one node are read on every other. Each row's key is encrypted with the key-ring certificate, which the
/// database never holds: a dump alone decrypts nothing.
/// </summary>
public sealed class DatabaseKeyRing(IDbContextFactory<BrokerConsoleDbContext> dbFactory) : KeyRingStore
{
    /// <summary>
    /// The advisory lock nodes take turns on while they check the ring and make its first key ("BCKR"): a key of its own,
    /// apart from any other advisory lock the app takes.
    /// </summary>
    public const long FirstStartLockKey = 0x4243_4B52;

    public override string Location => "in the database (table DataProtectionKeys)";

    public override string PlaceName => "the database's key ring (table DataProtectionKeys)";

    public override string RestoreAdvice =>
        "Restore the database from the pg_dump that holds these secrets (its DataProtectionKeys rows are the keys that wrote them) " +
        "and start every node with the same key-ring certificate (DataProtection:CertificatePath) again.";

    public override string DamagedEntryAdvice => "delete the damaged row from the DataProtectionKeys table";

    public override string UnusableKeyHint =>
        $" If the rows are intact, this node's {KeyRingCertificate.PathSetting} is not the certificate that encrypted them: every node needs the same PFX.";

    public override string LossCause => "The key ring's rows (table DataProtectionKeys) were deleted or replaced since they were saved.";

    public override async Task<List<string>> FindDamagedAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.DataProtectionKeys.AsNoTracking().Select(k => new { k.Id, k.FriendlyName, k.Xml }).ToListAsync(cancellationToken);
        var damaged = new List<string>();
        foreach (var row in rows)
        {
            try
            {
                _ = XElement.Parse(row.Xml ?? "");
            }
            catch (XmlException ex)
            {
                damaged.Add($"DataProtectionKeys row {row.Id} ({row.FriendlyName}): not readable XML ({ex.Message})");
            }
        }

        return damaged;
    }

    public override async Task<IAsyncDisposable> HoldFirstStartAsync(CancellationToken cancellationToken)
    {
        // A transaction-scoped advisory lock: released at the end of the start-up check, or by the server when a node
        // dies holding it (its connection goes), so a crashed start never blocks the next.
        var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        try
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [FirstStartLockKey], cancellationToken);
            return new Held(db, transaction);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    private sealed class Held(BrokerConsoleDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync(); // rolls back: nothing was written on it, and the lock goes with it
            await db.DisposeAsync();
        }
    }
}
