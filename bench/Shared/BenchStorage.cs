using System.Globalization;

namespace BrokerConsole.Benchmarks;

/// <summary>
/// Where a benchmark keeps its data. Unset: SQLite in the bench's temp folder. <c>BENCH_POSTGRES</c>: an Npgsql connection
/// string to a server the bench may create databases on; each app host gets a fresh database (the migrations create it),
/// and <c>BENCH_KEYRING_PFX</c> with <c>BENCH_KEYRING_PASSWORD</c> give the certificate PostgreSQL's key ring needs.
/// </summary>
internal static class BenchStorage
{
    /// <summary>Points <paramref name="settings"/> at PostgreSQL when <c>BENCH_POSTGRES</c> is set; true when it did.</summary>
    public static bool UsePostgresIfAsked(IDictionary<string, string?> settings)
    {
        if (Environment.GetEnvironmentVariable("BENCH_POSTGRES") is not { Length: > 0 } postgres)
        {
            return false;
        }

        // A later key wins in a connection string: the fresh database name replaces any given one.
        var database = string.Create(CultureInfo.InvariantCulture, $"bench_{Guid.NewGuid():N}");
        settings["Storage:Provider"] = "PostgreSQL";
        settings["ConnectionStrings:BrokerConsole"] = $"{postgres.TrimEnd(';')};Database={database}";
        settings["DataProtection:CertificatePath"] = Environment.GetEnvironmentVariable("BENCH_KEYRING_PFX");
        settings["DataProtection:CertificatePassword"] = Environment.GetEnvironmentVariable("BENCH_KEYRING_PASSWORD");
        Console.WriteLine($"Storage: PostgreSQL, database {database}");
        return true;
    }
}
