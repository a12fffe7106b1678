using System.Collections.Concurrent;

namespace BrokerConsole.Core.Sessions.MorningLogin;

/// <summary>The result of asking for a user's "Log in all" pass.</summary>
/// <param name="Granted">This tab holds the pass now.</param>
/// <param name="HeldElsewhere">Another tab of the same user holds it (it can be taken over).</param>
public sealed record LeaseAnswer(bool Granted, bool HeldElsewhere);

/// <summary>
/// At most one running "Log in all" pass per user. Two tabs popping up login windows for the same
/// accounts would race each other's single-use login states, so the second tab is told and may take over.
/// In memory on purpose: a pass lives as long as a browser tab, and a restart ends every tab anyway.
/// </summary>
public sealed class LoginPassLease
{
    private readonly ConcurrentDictionary<string, string> _holders = new(StringComparer.Ordinal);

    /// <summary>Takes the pass for <paramref name="tabId"/> unless another tab of the same user holds it.</summary>
    public LeaseAnswer TryAcquire(string ownerId, string tabId)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentException.ThrowIfNullOrEmpty(tabId);
        var holder = _holders.GetOrAdd(ownerId, tabId);
        return holder == tabId ? new LeaseAnswer(true, false) : new LeaseAnswer(false, true);
    }

    /// <summary>Takes the pass from whichever tab holds it; that tab sees <see cref="IsHeldBy"/> turn false.</summary>
    public void TakeOver(string ownerId, string tabId)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentException.ThrowIfNullOrEmpty(tabId);
        _holders[ownerId] = tabId;
    }

    /// <summary>Whether <paramref name="tabId"/> still holds its user's pass.</summary>
    public bool IsHeldBy(string ownerId, string tabId) =>
        _holders.TryGetValue(ownerId, out var holder) && holder == tabId;

    /// <summary>Gives the pass back, only if this tab still holds it.</summary>
    public void Release(string ownerId, string tabId) =>
        _holders.TryRemove(new KeyValuePair<string, string>(ownerId, tabId));
}
