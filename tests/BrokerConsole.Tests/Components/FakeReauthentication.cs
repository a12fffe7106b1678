using BrokerConsole.Web.Identity;

namespace BrokerConsole.Tests.Components;

/// <summary>The password prompt's answer, chosen by the test; records what was asked for.</summary>
public sealed class FakeReauthentication : IReauthentication
{
    public bool Answer { get; set; } = true;

    public List<string> Asked { get; } = [];

    public Task<bool> ConfirmAsync(string action)
    {
        Asked.Add(action);
        return Task.FromResult(Answer);
    }
}

/// <summary>The signed-in user's second factor, on unless a test turns it off.</summary>
public sealed class FakeTwoFactorStatus : ITwoFactorStatus
{
    public bool IsOn { get; set; } = true;

    public Task<bool> IsOnAsync() => Task.FromResult(IsOn);
}
