using System.Threading.Channels;
using BrokerConsole.Tests.Sandbox.Kite;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.Brokers.Conformance;

/// <summary>
/// A fake <see cref="Core.Brokers.Http.BrokerWireClock"/> that reports every wait the code under test starts on it, so a
/// test waits for the signal "the pipeline is now backing off for N" and advances by exactly N, never sleeping.
/// </summary>
public sealed class WireClock : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();

    public WireClock()
        : base(KiteSandboxHost.Start)
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            _waits.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>Drops the signals of waits started before now (another scenario's), so the next wait reported is this one's.</summary>
    public void ForgetWaits()
    {
        while (_waits.Reader.TryRead(out _))
        {
        }
    }

    /// <summary>
    /// Waits until a wait of at most <paramref name="max"/> starts (longer ones are timeouts and limiter allowances), then
    /// moves the clock past it and returns its length.
    /// </summary>
    public async Task<TimeSpan> AdvancePastNextWaitAsync(TimeSpan max, CancellationToken cancellationToken)
    {
        while (true)
        {
            var due = await _waits.Reader.ReadAsync(cancellationToken);
            if (due <= max)
            {
                Advance(due);
                return due;
            }
        }
    }
}
