using BrokerConsole.Sandbox.Dhan;
using BrokerConsole.Sandbox.Kite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.Sandbox.Dhan;

/// <summary>The Dhan sandbox's rules that would take too many HTTP calls to reach: the modification cap and consent expiry.</summary>
public sealed class DhanSandboxStateTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 4, 30, 0, TimeSpan.Zero));
    private readonly DhanState _state;

    public DhanSandboxStateTests()
    {
        var options = new SandboxOptions();
        options.Dhan.Users.Add(new DhanSandboxUser { ClientId = "1100000001", AccessToken = "t" });
        _state = new DhanState(Options.Create(options), _clock);
    }

    [Fact]
    public void Modify_is_refused_after_25_modifications_of_one_order()
    {
        var order = _state.Add("1100000001", new DhanSandboxOrder { OrderId = _state.NextId(), SecurityId = "3045", Segment = "NSE_EQ", Side = "BUY", ProductType = "CNC", OrderType = "LIMIT", Quantity = 1, Price = 700m, CreatedAt = _clock.GetUtcNow() });

        for (var i = 0; i < 25; i++)
        {
            Assert.Null(_state.Modify("1100000001", order, o => o.Price = 700m + i));
        }

        Assert.Equal("An order can be modified at most 25 times.", _state.Modify("1100000001", order, o => o.Price = 750m));
        Assert.Equal(724m, order.Price);
    }

    [Fact]
    public void Consent_and_its_token_id_are_single_use_and_expire()
    {
        var consent = _state.CreateConsent("key", "1100000001")!;
        var tokenId = _state.CompleteConsent(consent.ConsentAppId)!;
        Assert.Null(_state.CompleteConsent(consent.ConsentAppId));
        Assert.Equal("1100000001", _state.TakeTokenId(tokenId)!.ClientId);
        Assert.Null(_state.TakeTokenId(tokenId));

        var stale = _state.CreateConsent("key", "1100000001")!;
        _clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Null(_state.FindConsent(stale.ConsentAppId));
        Assert.Null(_state.CompleteConsent(stale.ConsentAppId));
    }

    [Fact]
    public void Consent_cap_resets_on_the_next_ist_day()
    {
        for (var i = 0; i < 25; i++)
        {
            Assert.NotNull(_state.CreateConsent("key", "1100000001"));
        }

        Assert.Null(_state.CreateConsent("key", "1100000001"));
        // 04:30 UTC is 10:00 IST; 14 h later is 00:00 IST the next day.
        _clock.Advance(TimeSpan.FromHours(14));
        Assert.NotNull(_state.CreateConsent("key", "1100000001"));
    }
}
