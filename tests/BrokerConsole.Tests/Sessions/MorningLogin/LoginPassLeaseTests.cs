using BrokerConsole.Core.Sessions.MorningLogin;

namespace BrokerConsole.Tests.Sessions.MorningLogin;

public sealed class LoginPassLeaseTests
{
    [Fact]
    public void TryAcquire_second_tab_of_same_user_is_told_it_runs_elsewhere()
    {
        var lease = new LoginPassLease();
        Assert.True(lease.TryAcquire("alice", "tab1").Granted);
        Assert.True(lease.TryAcquire("alice", "tab1").Granted);
        var second = lease.TryAcquire("alice", "tab2");
        Assert.False(second.Granted);
        Assert.True(second.HeldElsewhere);
    }

    [Fact]
    public void TryAcquire_other_users_are_independent()
    {
        var lease = new LoginPassLease();
        Assert.True(lease.TryAcquire("alice", "tab1").Granted);
        Assert.True(lease.TryAcquire("bob", "tab2").Granted);
        Assert.True(lease.IsHeldBy("alice", "tab1"));
        Assert.True(lease.IsHeldBy("bob", "tab2"));
        Assert.False(lease.IsHeldBy("bob", "tab1"));
    }

    [Fact]
    public void TakeOver_moves_the_pass_and_the_old_tab_cannot_release_it()
    {
        var lease = new LoginPassLease();
        lease.TryAcquire("alice", "tab1");
        lease.TakeOver("alice", "tab2");
        Assert.False(lease.IsHeldBy("alice", "tab1"));
        lease.Release("alice", "tab1"); // the old tab closing later must not free the new holder's pass
        Assert.True(lease.IsHeldBy("alice", "tab2"));
        lease.Release("alice", "tab2");
        Assert.True(lease.TryAcquire("alice", "tab3").Granted);
    }
}
