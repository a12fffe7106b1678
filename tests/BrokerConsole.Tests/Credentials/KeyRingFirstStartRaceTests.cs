using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BrokerConsole.Tests.Credentials;

/// <summary>
/// Issue #19 §2: two nodes starting at once on a database whose key ring is still empty make one key between them, not
/// one each (each would then use its own until the next ring refresh, and a cookie from one would fail on the other).
/// The test forces the worst interleaving: a node about to make the first key waits until the other node is also about
/// to make one, or is waiting for its turn at the first-start lock. Without the lock both make a key, every time.
/// </summary>
public sealed class KeyRingFirstStartRaceTests : IDisposable
{
    private readonly string _database = PostgresCluster.CreateDatabase();

    public void Dispose() => PostgresCluster.DropDatabase(_database);

    [Fact]
    public async Task Two_nodes_starting_at_once_on_an_empty_key_ring_share_one_key()
    {
        // The schema first (two nodes migrating one empty database at once is another question than the key ring's).
        var options = new DbContextOptionsBuilder<BrokerConsoleDbContext>()
            .UseNpgsql(_database, o => o.MigrationsAssembly("BrokerConsole.Migrations.PostgreSql")).Options;
        await using (var db = new BrokerConsoleDbContext(options))
        {
            await db.Database.MigrateAsync();
        }

        var gate = new FirstKeyGate(_database);
        await using var a = Node(gate, "A").Build();
        await using var b = Node(gate, "B").Build();
        await Task.WhenAll(Task.Run(() => a.Services), Task.Run(() => b.Services));

        Assert.Equal(1, await KeyRowCountAsync());
        var accountId = Guid.NewGuid();
        var fromA = a.Get<ISecretProtector>().Protect(accountId, SecretKind.ApiSecret, "made on A");
        var fromB = b.Get<ISecretProtector>().Protect(accountId, SecretKind.ApiSecret, "made on B");
        Assert.Equal("made on A", b.Get<ISecretProtector>().Unprotect(accountId, SecretKind.ApiSecret, fromA));
        Assert.Equal("made on B", a.Get<ISecretProtector>().Unprotect(accountId, SecretKind.ApiSecret, fromB));
    }

    private AppFixture Node(FirstKeyGate gate, string name) => AppFixture.Create()
        .OnPostgres(_database)
        .WithServices(services =>
        {
            var real = services.Last(d => d.ServiceType == typeof(IKeyManager));
            services.Remove(real);
            services.AddSingleton<IKeyManager>(sp => new GatedKeyManager(Resolve(sp, real), gate, name));
        });

    private static IKeyManager Resolve(IServiceProvider services, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance as IKeyManager
        ?? descriptor.ImplementationFactory?.Invoke(services) as IKeyManager
        ?? (IKeyManager)ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);

    private async Task<long> KeyRowCountAsync()
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM \"DataProtectionKeys\"", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Holds the first node that is about to create a key until the other node is about to create one too (both read an
    /// empty ring: the race) or waits on an advisory lock (the first-start turn). Waits on those two conditions only.
    /// </summary>
    private sealed class FirstKeyGate(string connectionString)
    {
        private readonly TaskCompletionSource _bothCreating = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly HashSet<string> _creating = [];
        private bool _passed;

        public void BeforeCreate(string node)
        {
            lock (_creating)
            {
                if (_passed)
                {
                    return;
                }

                _creating.Add(node);
                if (_creating.Count == 2)
                {
                    _bothCreating.TrySetResult();
                }
            }

            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!_bothCreating.Task.Wait(TimeSpan.FromMilliseconds(50)) && !PeerWaitsForItsTurn())
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Node {node} waited 60 s for the other node to reach the first key or the first-start lock.");
                }
            }

            lock (_creating)
            {
                _passed = true;
            }
        }

        private bool PeerWaitsForItsTurn()
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            using var waiting = new NpgsqlCommand(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                connection);
            return (long)waiting.ExecuteScalar()! > 0;
        }
    }

    /// <summary>The node's real key manager, with the gate before it creates a key.</summary>
    private sealed class GatedKeyManager(IKeyManager inner, FirstKeyGate gate, string node) : IKeyManager
    {
        public IKey CreateNewKey(DateTimeOffset activationDate, DateTimeOffset expirationDate)
        {
            gate.BeforeCreate(node);
            return inner.CreateNewKey(activationDate, expirationDate);
        }

        public IReadOnlyCollection<IKey> GetAllKeys() => inner.GetAllKeys();

        public CancellationToken GetCacheExpirationToken() => inner.GetCacheExpirationToken();

        public void RevokeKey(Guid keyId, string? reason = null) => inner.RevokeKey(keyId, reason);

        public void RevokeAllKeys(DateTimeOffset revocationDate, string? reason = null) => inner.RevokeAllKeys(revocationDate, reason);
    }
}
