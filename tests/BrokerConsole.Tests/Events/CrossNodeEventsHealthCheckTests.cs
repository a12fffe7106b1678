using BrokerConsole.Core.Events;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BrokerConsole.Tests.Events;

/// <summary>/healthz's "cross-node-events" entry follows the listener: Degraded before the first LISTEN and while it reconnects.</summary>
public sealed class CrossNodeEventsHealthCheckTests
{
    private static Task<HealthCheckResult> CheckAsync(CrossNodeEventStatus status) =>
        new CrossNodeEventsHealthCheck(status).CheckHealthAsync(new HealthCheckContext());

    [Fact]
    public async Task It_is_degraded_until_the_first_listen_healthy_while_listening_and_degraded_while_reconnecting()
    {
        var status = new CrossNodeEventStatus();

        var starting = await CheckAsync(status);
        Assert.Equal(HealthStatus.Degraded, starting.Status);
        Assert.Equal("Not listening for the other nodes' live updates yet.", starting.Description);

        status.Listening(4242);
        var listening = await CheckAsync(status);
        Assert.Equal(HealthStatus.Healthy, listening.Status);
        Assert.Equal(true, listening.Data["listening"]);
        Assert.Equal(1, listening.Data["connections"]);

        status.Lost();
        var reconnecting = await CheckAsync(status);
        Assert.Equal(HealthStatus.Degraded, reconnecting.Status);
        Assert.StartsWith("Reconnecting", reconnecting.Description, StringComparison.Ordinal);

        status.Listening(4343);
        Assert.Equal(2, (await CheckAsync(status)).Data["connections"]);
    }
}
