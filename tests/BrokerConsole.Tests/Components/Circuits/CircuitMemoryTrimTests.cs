using BrokerConsole.Web.Circuits;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.Components.Circuits;

public sealed class CircuitMemoryTrimTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
    private int _collections;

    private CircuitMemoryTrim Trim(bool on = true) => new(_time, NullLogger<CircuitMemoryTrim>.Instance,
        Options.Create(new CircuitMemoryTrimOptions
        {
            MemoryTrim = on,
            MemoryTrimDelay = TimeSpan.FromSeconds(10),
            MemoryTrimMinInterval = TimeSpan.FromMinutes(2),
        }),
        () => _collections++);

    [Fact]
    public void A_burst_of_closed_circuits_gets_one_trim_after_the_delay()
    {
        using var trim = Trim();
        for (var i = 0; i < 10; i++)
        {
            trim.CircuitClosed();
        }

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, _collections);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, _collections);
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, _collections);
    }

    [Fact]
    public void Closes_soon_after_a_trim_wait_for_the_minimum_interval()
    {
        using var trim = Trim();
        trim.CircuitClosed();
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, _collections);

        trim.CircuitClosed();
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, _collections);
        // Two minutes after the first trim (which ran at this close's moment), not ten seconds after this close.
        _time.Advance(TimeSpan.FromSeconds(89));
        Assert.Equal(1, _collections);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, _collections);
        Assert.Equal(2, trim.Trims);
    }

    [Fact]
    public void Turned_off_it_never_collects()
    {
        using var trim = Trim(on: false);
        trim.CircuitClosed();
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, _collections);
    }
}
