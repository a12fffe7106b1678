using System.Net;
using System.Text.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Credentials;

/// <summary>
/// The app in-process over a data folder the test keeps between starts, so a test can stop it, delete or damage
/// the keys folder, and start again over the same database: the operator's restart.
/// </summary>
public static class KeyRingApps
{
    public static TestApp Over(string dataDirectory, bool acceptNewKeyRing = false) => AppFixture.Create()
        .WithDataDirectory(dataDirectory)
        .WithSetting("DataProtection:AcceptNewKeyRing", acceptNewKeyRing ? "true" : "false")
        .Build();

    extension(TestApp app)
    {
        public string KeysDirectory => Path.Combine(app.DataDirectory, "keys");

        /// <summary>Starts the app (the host starts on first use of its services) and stores one account with an encrypted API secret.</summary>
        public async Task<Guid> StoreAccountWithSecretAsync()
        {
            var userId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
            await using var scope = app.ScopeFor(userId);
            var account = await scope.ServiceProvider.GetRequiredService<IAccountService>().CreateAsync(AccountDrafts.Zerodha());
            return account.Id;
        }

        /// <summary>GET /healthz: the overall status, the HTTP status, and the keyring and database-write entries.</summary>
        public async Task<HealthAnswer> HealthAsync()
        {
            using var client = app.CreateClient();
            // Loopback: the descriptions are for the operator on the machine, not for anonymous remote callers.
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/healthz", UriKind.Relative)).From("127.0.0.1");
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            using var json = JsonDocument.Parse(body);
            var checks = json.RootElement.GetProperty("checks");
            return new HealthAnswer(
                response.StatusCode,
                json.RootElement.GetProperty("status").GetString()!,
                Entry(checks, "keyring"),
                Entry(checks, "database-write"),
                body);
        }
    }

    private static HealthEntry? Entry(JsonElement checks, string name) =>
        checks.TryGetProperty(name, out var e)
            ? new HealthEntry(e.GetProperty("status").GetString()!, e.GetProperty("description").GetString() ?? "")
            : null;
}

public sealed record HealthAnswer(HttpStatusCode HttpStatus, string Status, HealthEntry? KeyRing, HealthEntry? DatabaseWrite, string Body);

public sealed record HealthEntry(string Status, string Description);
