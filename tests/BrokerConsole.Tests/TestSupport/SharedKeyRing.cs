namespace BrokerConsole.Tests.TestSupport;

/// <summary>
/// The one Data Protection key ring several nodes of a test share, so a sign-in cookie or a secret written by one node
/// reads on the other. On PostgreSQL the ring is in the database, encrypted with the installation's certificate: every
/// node gets the same certificate (<see cref="Environment"/>). The data folder is shared too, for what still lives there.
/// </summary>
public sealed class SharedKeyRing : IDisposable
{
    /// <summary>The data folder every node is started with (<see cref="RunningApp.StartAsync"/>'s <c>dataDirectory</c>).</summary>
    public string DataDirectory { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "brokerconsole-keyring", Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>The environment every node of the installation adds: its key-ring certificate and password.</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["DataProtection__CertificatePath"] = KeyRingCertificates.Shared,
        ["DataProtection__CertificatePassword"] = KeyRingCertificates.Password,
    };

    public void Dispose() => TestFolders.Delete(DataDirectory);
}
