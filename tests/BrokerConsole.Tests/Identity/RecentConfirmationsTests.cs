using System.Security.Claims;
using BrokerConsole.Web.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.Identity;

/// <summary>Issue #17 §1: a confirmed password covers this sign-in for a short window, and nothing else.</summary>
public sealed class RecentConfirmationsTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 4, 0, 0, TimeSpan.Zero));

    private RecentConfirmations NewStore(string? window = null) => new(
        _clock,
        new ConfigurationBuilder().AddInMemoryCollection(window is null ? [] : [new("Identity:ReauthenticationWindow", window)]).Build());

    private static ClaimsPrincipal SignIn(string userId, string? sessionId)
    {
        List<Claim> claims = [new(ClaimTypes.NameIdentifier, userId)];
        if (sessionId is not null)
        {
            claims.Add(new Claim(SignInSessions.ClaimType, sessionId));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "Test"));
    }

    [Fact]
    public void A_confirmation_lasts_five_minutes_by_default_for_that_sign_in_only()
    {
        var store = NewStore();
        var laptop = SignIn("trader-1", "laptop");
        var otherBrowser = SignIn("trader-1", "elsewhere");

        Assert.False(store.IsRecent(laptop));
        store.Confirm(laptop);

        Assert.True(store.IsRecent(laptop));
        Assert.False(store.IsRecent(otherBrowser));
        Assert.False(store.IsRecent(SignIn("trader-2", "laptop")));

        _clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.True(store.IsRecent(laptop));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(store.IsRecent(laptop));
    }

    [Fact]
    public void The_window_is_configurable_and_forgetting_a_user_ends_it_at_once()
    {
        var store = NewStore("00:01:00");
        var laptop = SignIn("trader-1", "laptop");
        store.Confirm(laptop);
        _clock.Advance(TimeSpan.FromSeconds(61));
        Assert.False(store.IsRecent(laptop));

        store.Confirm(laptop);
        store.Forget("trader-1");
        Assert.False(store.IsRecent(laptop));
    }

    [Fact]
    public void A_sign_in_without_a_session_id_can_never_count_as_confirmed()
    {
        var store = NewStore();
        var old = SignIn("trader-1", sessionId: null);

        Assert.Throws<InvalidOperationException>(() => store.Confirm(old));
        Assert.False(store.IsRecent(old));
    }
}
