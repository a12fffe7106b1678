using BrokerConsole.Core.Events;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BrokerConsole.Tests.Events;

public sealed class UserEventHubTests
{
    private static ScheduleRunProgress Progress(string owner, int done) =>
        new(owner, Guid.NewGuid(), Guid.NewGuid(), ScheduleRunStatus.Running, done, 10);

    [Fact]
    public async Task A_tab_receives_only_its_own_users_events()
    {
        var hub = new UserEventHub<ScheduleRunProgress>(NullLogger<UserEventHub<ScheduleRunProgress>>.Instance);
        var seenByAsha = new List<ScheduleRunProgress>();
        var seenByRavi = new List<ScheduleRunProgress>();
        using var asha = hub.Subscribe("asha", p => { seenByAsha.Add(p); return Task.CompletedTask; });
        using var ravi = hub.Subscribe("ravi", p => { seenByRavi.Add(p); return Task.CompletedTask; });

        await hub.PublishAsync("asha", Progress("asha", 1));
        await hub.PublishAsync("ravi", Progress("ravi", 2));
        await hub.PublishAsync("nobody-listening", Progress("nobody-listening", 3));

        Assert.Equal([1], seenByAsha.Select(p => p.Done));
        Assert.Equal([2], seenByRavi.Select(p => p.Done));
    }

    [Fact]
    public async Task A_failing_tab_does_not_stop_the_users_other_tabs_and_is_logged()
    {
        using var log = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(log));
        var hub = new UserEventHub<ScheduleRunProgress>(factory.CreateLogger<UserEventHub<ScheduleRunProgress>>());
        var reached = 0;
        using var closing = hub.Subscribe("asha", _ => throw new ObjectDisposedException("circuit"));
        using var open = hub.Subscribe("asha", _ => { reached++; return Task.CompletedTask; });

        await hub.PublishAsync("asha", Progress("asha", 1));

        Assert.Equal(1, reached);
        Assert.Contains(log.Lines, line => line.Contains("A subscriber to ScheduleRunProgress events failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_closed_tab_is_called_no_more()
    {
        var hub = new UserEventHub<ScheduleRunProgress>(NullLogger<UserEventHub<ScheduleRunProgress>>.Instance);
        var calls = 0;
        var subscription = hub.Subscribe("asha", _ => { calls++; return Task.CompletedTask; });
        await hub.PublishAsync("asha", Progress("asha", 1));
        subscription.Dispose();

        await hub.PublishAsync("asha", Progress("asha", 2));
        hub.Post("asha", Progress("asha", 3));

        Assert.Equal(1, calls);
        Assert.Equal(0, hub.SubscriberCount("asha"));
    }
}
