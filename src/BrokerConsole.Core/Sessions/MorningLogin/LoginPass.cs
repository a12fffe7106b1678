using BrokerConsole.Core.Scheduling;

namespace BrokerConsole.Core.Sessions.MorningLogin;

/// <summary>Where one account stands in a "Log in all" pass.</summary>
public enum PassStepStatus
{
    Waiting,
    Current,
    Done,
    Skipped,
}

/// <summary>
/// The state of one "Log in all" pass, apart from any page: which accounts are in it and why, the user's order,
/// which are done or skipped, the current step, and which account's login window is open and not yet answered.
/// The set of accounts is fixed when the pass starts: accounts turning green stay listed as done, so progress
/// reads "7 of 10" instead of the list shrinking under the user's eyes.
/// </summary>
public sealed class LoginPass
{
    private readonly List<Guid> _order;
    private readonly Dictionary<Guid, LoginNeed> _reasons;
    private readonly HashSet<Guid> _done = [];
    private readonly HashSet<Guid> _skipped = [];
    private readonly HashSet<Guid> _awaiting = [];

    private LoginPass(List<Guid> order, Dictionary<Guid, LoginNeed> reasons)
    {
        _order = order;
        _reasons = reasons;
    }

    /// <summary>A pass over every account of <paramref name="order"/> that is not ready for the next open.</summary>
    public static LoginPass Start(IEnumerable<Guid> order, IReadOnlyDictionary<Guid, AccountSessionView> views, DateTimeOffset now, IMarketCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(views);
        var list = order.Distinct().ToList();
        var reasons = new Dictionary<Guid, LoginNeed>();
        foreach (var id in list)
        {
            var need = MarketReadiness.NeedOf(views.GetValueOrDefault(id) ?? AccountSessionView.None(id), now, calendar);
            if (need != LoginNeed.Ready)
            {
                reasons[id] = need;
            }
        }

        return new LoginPass(list, reasons);
    }

    /// <summary>Every account in the user's order, those outside the pass included (what is saved).</summary>
    public IReadOnlyList<Guid> Order => _order;

    /// <summary>The accounts of the pass, in the user's order.</summary>
    public IReadOnlyList<Guid> Steps => [.. _order.Where(_reasons.ContainsKey)];

    public int Total => _reasons.Count;

    public int DoneCount => _done.Count;

    public int SkippedCount => _skipped.Count;

    /// <summary>A login has been started in this pass (a window opened or a server login run): later direct logins need no click.</summary>
    public bool Started { get; private set; }

    /// <summary>The account the pass's login window was last opened or sent to.</summary>
    public Guid? WindowFor { get; private set; }

    /// <summary>The step the pass is on: the first account in the user's order neither done nor skipped.</summary>
    public Guid? Current => _order.Where(id => _reasons.ContainsKey(id) && !_done.Contains(id) && !_skipped.Contains(id)).Select(id => (Guid?)id).FirstOrDefault();

    /// <summary>Every account was handled (done or skipped).</summary>
    public bool IsFinished => Current is null;

    public bool Contains(Guid id) => _reasons.ContainsKey(id);

    /// <summary>Why the account is in the pass (as it was when the pass started).</summary>
    public LoginNeed ReasonOf(Guid id) => _reasons.GetValueOrDefault(id, LoginNeed.Ready);

    public PassStepStatus StatusOf(Guid id) =>
        _done.Contains(id) ? PassStepStatus.Done
        : id == Current ? PassStepStatus.Current
        : _skipped.Contains(id) ? PassStepStatus.Skipped
        : PassStepStatus.Waiting;

    /// <summary>Whether a login window shows this account's login and no outcome has arrived yet.</summary>
    public bool IsAwaiting(Guid id) => _awaiting.Contains(id);

    /// <summary>A login window opened (or was sent on) for <paramref name="id"/>.</summary>
    public void WindowOpened(Guid id)
    {
        if (!Contains(id))
        {
            return;
        }

        Started = true;
        WindowFor = id;
        _awaiting.Add(id);
    }

    /// <summary>The window closed; true when it closed with no outcome (the user must be told).</summary>
    public bool WindowClosed(Guid id)
    {
        if (WindowFor == id)
        {
            WindowFor = null;
        }

        return _awaiting.Remove(id);
    }

    /// <summary>A server-side login began: the pass is under way.</summary>
    public void MarkStarted() => Started = true;

    /// <summary>The account is logged in; false when it is not part of this pass.</summary>
    public bool MarkDone(Guid id)
    {
        if (!Contains(id))
        {
            return false;
        }

        _awaiting.Remove(id);
        _skipped.Remove(id);
        _done.Add(id);
        return true;
    }

    /// <summary>The login failed or was cancelled: the same step stays current.</summary>
    public void MarkFailed(Guid id) => _awaiting.Remove(id);

    public void Skip(Guid id)
    {
        if (Contains(id) && !_done.Contains(id))
        {
            _awaiting.Remove(id);
            _skipped.Add(id);
        }
    }

    /// <summary>Another tab took the pass over: no window of this tab is waiting any more.</summary>
    public void Abandon() => _awaiting.Clear();

    /// <summary>Goes through the skipped accounts again, in order.</summary>
    public void RetrySkipped() => _skipped.Clear();

    /// <summary>
    /// Moves <paramref name="id"/> one place earlier (-1) or later (+1) among the accounts of the pass; accounts
    /// already ready keep their place around them. False when it cannot move.
    /// </summary>
    public bool Move(Guid id, int delta)
    {
        var steps = Steps;
        var index = steps.ToList().IndexOf(id);
        var target = index + delta;
        if (index < 0 || delta == 0 || target < 0 || target >= steps.Count)
        {
            return false;
        }

        Place(id, steps[target], after: delta > 0);
        return true;
    }

    /// <summary>Drag and drop: <paramref name="dragged"/> takes <paramref name="target"/>'s place.</summary>
    public bool Drop(Guid dragged, Guid target)
    {
        if (dragged == target || !_order.Contains(dragged) || !_order.Contains(target))
        {
            return false;
        }

        Place(dragged, target, after: _order.IndexOf(dragged) < _order.IndexOf(target));
        return true;
    }

    private void Place(Guid id, Guid target, bool after)
    {
        _order.Remove(id);
        _order.Insert(_order.IndexOf(target) + (after ? 1 : 0), id);
    }
}
