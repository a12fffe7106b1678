namespace BrokerConsole.Core.Instruments;

/// <summary>
/// Reads one broker's published instrument master (its URL, format and units are the broker module's business).
/// Exposed by <see cref="Brokers.IBrokerModule.InstrumentMaster"/>.
/// </summary>
public interface IInstrumentMasterSource
{
    /// <summary>Where the master is read from now (the sandbox's copy when a sandbox API root is configured).</summary>
    Uri Location { get; }

    /// <summary>Every row of the master; rows the app cannot use (indices, other segments) are left out.</summary>
    /// <exception cref="InstrumentMasterException">The master could not be fetched or read.</exception>
    Task<IReadOnlyList<MasterRow>> LoadAsync(CancellationToken cancellationToken);
}

/// <summary>A master could not be fetched or did not have the broker's format.</summary>
public sealed class InstrumentMasterException(string message, Exception? inner = null) : Exception(message, inner);
