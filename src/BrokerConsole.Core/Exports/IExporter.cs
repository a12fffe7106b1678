namespace BrokerConsole.Core.Exports;

/// <summary>Builds the rows of one kind of export for the signed-in user. Owners are always taken from the current user.</summary>
public interface IExporter
{
    ExportKind Kind { get; }

    /// <summary>The rows of every account of the user, or of <paramref name="scope"/>'s account only.</summary>
    Task<ExportTable> BuildAsync(ExportScope scope, CancellationToken cancellationToken);
}

/// <summary>What to export: all accounts or one (already checked to be the user's), and for run results optionally one run.</summary>
public sealed record ExportScope(Guid? AccountId = null, Guid? RunId = null);
