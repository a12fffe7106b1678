namespace BrokerConsole.Core.Auditing;

/// <summary>Records and lists sensitive actions for the signed-in user.</summary>
public interface IAuditTrail
{
    /// <summary>Adds an entry for <paramref name="userId"/> and saves it at once, apart from any other pending change.</summary>
    Task RecordAsync(string userId, AuditAction action, string summary, Guid? accountId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// An entry as <see cref="RecordAsync"/> would save it, for a caller that saves it in its own transaction with the
    /// change it describes (an order's outcome and its audit line in one write).
    /// </summary>
    AuditEntry NewEntry(string userId, AuditAction action, string summary, Guid? accountId = null);

    /// <summary>The newest entries of the signed-in user.</summary>
    Task<IReadOnlyList<AuditEntry>> RecentAsync(int take, CancellationToken cancellationToken = default);
}
