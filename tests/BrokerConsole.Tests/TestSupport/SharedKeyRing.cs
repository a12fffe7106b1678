namespace BrokerConsole.Tests.TestSupport;

/// <summary>
/// The one Data Protection key ring several nodes of a test share, so a sign-in cookie or a secret written by one node
/// reads on the other. Today that is one data folder (its <c>keys/</c>) given to every node; when the key ring moves
/// into the database, this is the one place a multi-node test changes.
/// </summary>
public sealed class SharedKeyRing : IDisposable
{
    /// <summary>The data folder every node is started with (<see cref="RunningApp.StartAsync"/>'s <c>dataDirectory</c>).</summary>
    public string DataDirectory { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "brokerconsole-keyring", Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => TestFolders.Delete(DataDirectory);
}
