using BrokerConsole.Core.Scheduling;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Core.Sessions.MorningLogin;
using BrokerConsole.Core.Time;

namespace BrokerConsole.Tests.Sessions.MorningLogin;

/// <summary>The "Log in all" state machine apart from any page: who is in the pass and why, steps, skips, moves, the window.</summary>
public sealed class LoginPassTests
{
    private static readonly MarketCalendar _weekdays = MarketCalendar.WithHolidays();

    // Tuesday 24 Nov 2026, 08:00 IST: before the open at 09:15.
    private static readonly DateTimeOffset _morning = new(2026, 11, 24, 8, 0, 0, IndianTime.Offset);

    private readonly Guid _ready = Guid.NewGuid();
    private readonly Guid _none = Guid.NewGuid();
    private readonly Guid _expired = Guid.NewGuid();
    private readonly Guid _endsAtSix = Guid.NewGuid();
    private readonly Guid _angel = Guid.NewGuid();

    private static AccountSessionView View(Guid id, SessionState state, DateTimeOffset? expires) =>
        new(id, state, SessionHealth.Healthy, null, expires, null, null, null, null, null, null);

    private Dictionary<Guid, AccountSessionView> Views() => new()
    {
        [_ready] = View(_ready, SessionState.Active, _morning.AddHours(22)),
        [_expired] = View(_expired, SessionState.Expired, _morning.AddHours(-2)),
        [_endsAtSix] = View(_endsAtSix, SessionState.Active, _morning.AddMinutes(30)),
        [_angel] = View(_angel, SessionState.None, null),
    };

    private LoginPass Start() => LoginPass.Start([_ready, _none, _expired, _endsAtSix, _angel], Views(), _morning, _weekdays);

    [Fact]
    public void Start_lists_every_account_not_ready_for_the_open_in_the_users_order_with_its_reason()
    {
        var pass = Start();

        Assert.Equal([_none, _expired, _endsAtSix, _angel], pass.Steps);
        Assert.Equal(4, pass.Total);
        Assert.False(pass.Contains(_ready));
        Assert.Equal(LoginNeed.NoSession, pass.ReasonOf(_none));
        Assert.Equal(LoginNeed.Expired, pass.ReasonOf(_expired));
        Assert.Equal(LoginNeed.EndsBeforeOpen, pass.ReasonOf(_endsAtSix));
        Assert.Equal(_none, pass.Current);
        Assert.Equal(PassStepStatus.Current, pass.StatusOf(_none));
        Assert.Equal(PassStepStatus.Waiting, pass.StatusOf(_expired));
    }

    [Fact]
    public void Done_moves_the_pass_on_and_keeps_the_account_listed()
    {
        var pass = Start();

        Assert.True(pass.MarkDone(_none));

        Assert.Equal(_expired, pass.Current);
        Assert.Equal(PassStepStatus.Done, pass.StatusOf(_none));
        Assert.Equal(1, pass.DoneCount);
        Assert.Equal(4, pass.Steps.Count);
        Assert.False(pass.MarkDone(_ready));
    }

    [Fact]
    public void Skipped_accounts_come_back_when_retried_and_a_later_login_clears_the_skip()
    {
        var pass = Start();
        pass.Skip(_none);
        pass.Skip(_expired);
        Assert.Equal(_endsAtSix, pass.Current);
        Assert.Equal(2, pass.SkippedCount);

        pass.MarkDone(_expired);
        Assert.Equal(1, pass.SkippedCount);
        pass.MarkDone(_endsAtSix);
        pass.MarkDone(_angel);
        Assert.True(pass.IsFinished);

        pass.RetrySkipped();
        Assert.Equal(_none, pass.Current);
        Assert.False(pass.IsFinished);
    }

    [Fact]
    public void Window_closed_without_an_outcome_is_reported_once_and_a_login_is_not()
    {
        var pass = Start();
        pass.WindowOpened(_none);
        Assert.True(pass.Started);
        Assert.True(pass.IsAwaiting(_none));
        Assert.Equal(_none, pass.WindowFor);

        Assert.True(pass.WindowClosed(_none));
        Assert.False(pass.WindowClosed(_none));
        Assert.Null(pass.WindowFor);

        pass.WindowOpened(_expired);
        pass.MarkDone(_expired);
        Assert.False(pass.WindowClosed(_expired));
    }

    [Fact]
    public void Failed_login_keeps_the_step_and_ends_the_wait()
    {
        var pass = Start();
        pass.WindowOpened(_none);

        pass.MarkFailed(_none);

        Assert.Equal(_none, pass.Current);
        Assert.False(pass.IsAwaiting(_none));
    }

    [Fact]
    public void Move_swaps_among_pass_accounts_and_leaves_ready_ones_in_place()
    {
        var pass = LoginPass.Start([_none, _ready, _expired, _endsAtSix], Views(), _morning, _weekdays);

        Assert.True(pass.Move(_expired, -1));

        Assert.Equal([_expired, _none, _endsAtSix], pass.Steps);
        Assert.Equal([_expired, _none, _ready, _endsAtSix], pass.Order);
        Assert.False(pass.Move(_expired, -1));
        Assert.False(pass.Move(_endsAtSix, +1));
        Assert.False(pass.Move(_ready, +1));
    }

    [Fact]
    public void Drop_puts_the_dragged_account_in_the_targets_place()
    {
        var pass = Start();

        Assert.True(pass.Drop(_angel, _none));
        Assert.Equal([_angel, _none, _expired, _endsAtSix], pass.Steps);

        Assert.True(pass.Drop(_angel, _endsAtSix));
        Assert.Equal([_none, _expired, _endsAtSix, _angel], pass.Steps);
        Assert.False(pass.Drop(_angel, _angel));
    }

    [Fact]
    public void Abandon_forgets_open_windows_after_a_take_over()
    {
        var pass = Start();
        pass.WindowOpened(_none);

        pass.Abandon();

        Assert.False(pass.IsAwaiting(_none));
        Assert.False(pass.WindowClosed(_none));
    }
}
