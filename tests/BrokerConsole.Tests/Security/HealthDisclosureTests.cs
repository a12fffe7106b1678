using System.Net;
using System.Text.Json;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BrokerConsole.Tests.Security;

/// <summary>
/// Issue #17 §7: anonymous callers from elsewhere learn only healthy/degraded/unhealthy per check from /healthz; the
/// counts and descriptions (how many accounts, sessions, when the last sweep ran) need loopback or a signed-in user.
/// </summary>
public sealed class HealthDisclosureTests(SharedApp<PeerApp> app) : IClassFixture<SharedApp<PeerApp>>
{
    private static async Task<JsonElement> HealthAsync(HttpClient client, string? peer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        if (peer is not null)
        {
            request.From(peer);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.Clone();
    }

    private static void AssertStatusOnly(JsonElement health)
    {
        Assert.Equal(["status", "checks"], health.EnumerateObject().Select(p => p.Name));
        Assert.NotEmpty(health.GetProperty("checks").EnumerateObject());
        foreach (var check in health.GetProperty("checks").EnumerateObject())
        {
            var property = Assert.Single(check.Value.EnumerateObject());
            Assert.Equal("status", property.Name);
            Assert.Contains(property.Value.GetString(), new[] { "Healthy", "Degraded", "Unhealthy" });
        }
    }

    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData(null)]
    public async Task Anonymous_remote_caller_sees_only_status_per_check(string? peer)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        AssertStatusOnly(await HealthAsync(client, peer));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Loopback_caller_sees_the_details(string peer)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var health = await HealthAsync(client, peer);

        Assert.True(health.GetProperty("checks").GetProperty("session-monitor").TryGetProperty("data", out _), health.ToString());
        Assert.True(health.GetProperty("checks").GetProperty("keyring").TryGetProperty("description", out _), health.ToString());
        Assert.Equal(PeerApp.NodeName, health.GetProperty("node").GetString());
        Assert.True(health.GetProperty("leader").GetBoolean(), "The only node of an SQLite database runs the background work.");
    }

    [Fact]
    public async Task Signed_in_remote_user_sees_the_details()
    {
        var email = $"health-{Guid.NewGuid():N}@example.com";
        await app.CreateUserAsync(email);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(TestPeer.Header, "203.0.113.7");
        var signIn = await client.SubmitAsync("/account/login", "login", new Dictionary<string, string>
        {
            ["Form.Email"] = email,
            ["Form.Password"] = "correct-horse-42",
        });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var health = await HealthAsync(client, peer: null);

        Assert.True(health.GetProperty("checks").GetProperty("session-monitor").TryGetProperty("data", out _), health.ToString());
    }
}
