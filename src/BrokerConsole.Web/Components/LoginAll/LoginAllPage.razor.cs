using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Core.Sessions.MorningLogin;
using BrokerConsole.Web.Components.Accounts;
using Microsoft.JSInterop;

namespace BrokerConsole.Web.Components.LoginAll;

/// <summary>
/// Renders a <see cref="LoginPass"/> and wires it to the browser: the one login window, the lease that keeps the
/// pass in one tab, server-side logins, and the login code of a Zerodha account that stores its TOTP secret.
/// </summary>
public sealed partial class LoginAllPage
{
    private readonly string _tabId = Guid.NewGuid().ToString("N");
    private Dictionary<Guid, AccountSummary> _accounts = [];
    private IReadOnlyDictionary<Guid, AccountSessionView> _views = new Dictionary<Guid, AccountSessionView>();
    private LoginPass? _pass;
    private DateTimeOffset _now;
    private string? _loadError;
    private string? _message;
    private bool _messageIsProblem;
    private bool _heldElsewhere;
    private bool _connecting;
    private Guid? _dragging;
    private LoginCode? _code;
    private Guid? _codeFor;
    private string? _copyNote;
    private IDisposable? _subscription;
    private DotNetObjectReference<LoginAllPage>? _self;
    private PeriodicTimer? _clock;

    /// <summary>The same definition of ready as the Accounts page: live now, and live at the next open.</summary>
    private string Readiness => MarketReadiness.Summarize(_accounts.Keys.Select(ViewOf), _now, Calendar).Describe(_now);

    private string ConnectUrl(AccountSummary account) => AccountLogin.PopupStartUrl(Brokers, account)!;

    private AccountSessionView ViewOf(Guid id) => _views.GetValueOrDefault(id) ?? AccountSessionView.None(id);

    protected override async Task OnInitializedAsync()
    {
        _now = Time.GetUtcNow();
        try
        {
            _accounts = (await Accounts.ListAsync(cancellationToken: Aborted)).ToDictionary(a => a.Id);
            var order = await Accounts.GetLoginOrderAsync(cancellationToken: Aborted);
            _views = await Sessions.GetViewsAsync(cancellationToken: Aborted);
            _pass = LoginPass.Start(order, _views, _now, Calendar);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _loadError = "Your accounts could not be loaded. Reload the page; if it keeps failing, check the server log.";
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || CurrentUser.UserId is not { } userId || !RendererInfo.IsInteractive)
        {
            return;
        }

        _heldElsewhere = !Lease.TryAcquire(userId, _tabId).Granted;
        _subscription = Notifier.Subscribe(userId, change => InvokeAsync(() => OnSessionChangedAsync(change)));
        _self = DotNetObjectReference.Create(this);
        await JS.InvokeVoidAsync("brokerConsole.registerLoginPass", _self, LoginPassRelease.Path, _tabId);
        await EnsureCodeAsync();
        StateHasChanged();
        _ = TickAsync(userId);
    }

    private async Task TickAsync(string userId)
    {
        // Notices a take-over by another tab without a reload, and keeps "next market open" current.
        _clock = new PeriodicTimer(TimeSpan.FromSeconds(1), Time);
        try
        {
            while (await _clock.WaitForNextTickAsync(Aborted))
            {
                await InvokeAsync(async () =>
                {
                    _now = Time.GetUtcNow();
                    if (!_heldElsewhere && !Lease.IsHeldBy(userId, _tabId))
                    {
                        _heldElsewhere = true;
                        _pass?.Abandon();
                    }
                    else if (_heldElsewhere && Lease.TryAcquire(userId, _tabId).Granted)
                    {
                        // The other tab closed (its beacon gave the pass back): this one carries on without a click.
                        _heldElsewhere = false;
                    }

                    await EnsureCodeAsync();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private int CodeSecondsLeft(LoginCode code) => Math.Max(0, (int)Math.Ceiling((code.ValidUntil - _now).TotalSeconds));

    /// <summary>
    /// Keeps the current step's login code fresh: a new one when the step changes or the 30-second window
    /// ends. Only in the tab running the pass, so a background tab does not keep making (audited) codes.
    /// </summary>
    private async Task EnsureCodeAsync()
    {
        if (_heldElsewhere || _pass?.Current is not { } id || !Brokers.For(_accounts[id].Broker).Has(BrokerCapabilities.LoginCodeBesidePopup)
            || !_accounts[id].StoredSecrets.Contains(SecretKind.TotpSecret))
        {
            _code = null;
            _codeFor = null;
            return;
        }

        if (_codeFor == id && _code is { } code && code.ValidUntil > Time.GetUtcNow())
        {
            return;
        }

        try
        {
            _code = await Accounts.GetLoginCodeAsync(id, cancellationToken: Aborted);
            _codeFor = id;
            _copyNote = null;
        }
        catch (Exception ex) when (ex is KeyNotFoundException or AccountNotFoundException or System.Security.Cryptography.CryptographicException)
        {
            _code = null;
            _codeFor = null;
        }
    }

    private async Task CopyCodeAsync(string code)
    {
        var copied = await JS.InvokeAsync<bool>("brokerConsole.copyText", code);
        _copyNote = copied ? "Copied" : "The browser refused the clipboard: type the code instead.";
    }

    private void TakeOver()
    {
        if (CurrentUser.UserId is { } userId)
        {
            Lease.TakeOver(userId, _tabId);
            _heldElsewhere = false;
            Say("You took the pass over from the other tab. It carries on from the first account not yet logged in.", false);
        }
    }

    private async Task OnSessionChangedAsync(SessionChange change)
    {
        if (_pass is not { } pass || !pass.Contains(change.AccountId))
        {
            return;
        }

        var name = _accounts[change.AccountId].DisplayName;
        switch (change.Kind)
        {
            case SessionChangeKind.Connected:
                pass.MarkDone(change.AccountId);
                Say(pass.Current is { } next ? $"{name} is logged in. Next: {_accounts[next].DisplayName}." : $"{name} is logged in.", false);
                await EnsureCodeAsync();
                await ContinueAsync();
                await AdvancePopupAsync();
                break;
            case SessionChangeKind.LoginCancelled or SessionChangeKind.LoginFailed:
                pass.MarkFailed(change.AccountId);
                Say($"{name}: {change.Message} Click 'Log in {name}' to try again, or Skip.", true);
                break;
            default:
                return;
        }

        StateHasChanged();
    }

    /// <summary>
    /// Sends the pass's open login window on to the next popup account (the opener may navigate a window it opened
    /// without a new click), or closes it when the pass has no step left. Without a window to reuse, the step
    /// waits for the "Log in" click as before.
    /// </summary>
    private async Task AdvancePopupAsync()
    {
        if (_heldElsewhere || _self is null || _pass is not { } pass)
        {
            return;
        }

        try
        {
            if (pass.Current is not { } next)
            {
                await JS.InvokeVoidAsync("brokerConsole.passClose");
                return;
            }

            var account = _accounts[next];
            if (Brokers.LogsInWithPopup(account) && pass.WindowFor != next && await JS.InvokeAsync<bool>("brokerConsole.passNavigate", ConnectUrl(account), next.ToString()))
            {
                pass.WindowOpened(next);
                Say($"{_message} The login window moved on by itself: log in to {account.BrokerName} as {account.ClientId} there.", false);
            }
        }
        catch (JSDisconnectedException)
        {
        }
    }

    /// <summary>After a step, a direct-login broker next in line is logged in at once: it needs no popup, so no click.</summary>
    private async Task ContinueAsync()
    {
        if (_pass is { Started: true, Current: { } next } && !_heldElsewhere && AccountLogin.ConnectsDirectly(Brokers, _accounts[next]))
        {
            await ConnectDirectAsync(next);
        }
    }

    private async Task ConnectDirectAsync(Guid accountId)
    {
        if (_connecting || _pass is not { } pass || !StillHolding())
        {
            return;
        }

        pass.MarkStarted();
        _connecting = true;
        var name = _accounts[accountId].DisplayName;
        try
        {
            Say($"Logging in {name} on the server…", false);
            StateHasChanged();
            var result = await Sessions.ConnectDirectAsync(accountId);
            if (result.Succeeded)
            {
                // The notifier's Connected usually arrives first; this covers the case it does not.
                pass.MarkDone(accountId);
                Say($"{name} is logged in.", false);
            }
            else
            {
                Say($"{name}: {result.Message} Fix it on the Accounts page, then try again, or Skip.", true);
            }
        }
        catch (LoginNotPossibleException ex)
        {
            Say($"{name}: {ex.Message}", true);
        }
        finally
        {
            _connecting = false;
        }

        if (pass.StatusOf(accountId) == PassStepStatus.Done)
        {
            await ContinueAsync();
        }
    }

    private bool StillHolding()
    {
        if (CurrentUser.UserId is { } userId && Lease.IsHeldBy(userId, _tabId))
        {
            return true;
        }

        _heldElsewhere = true;
        return false;
    }

    private async Task SkipAsync(Guid accountId)
    {
        _pass?.Skip(accountId);
        Say($"Skipped {_accounts[accountId].DisplayName}. It stays in the list; go back to it at the end.", false);
        await ContinueAsync();
        await AdvancePopupAsync();
    }

    private void RetrySkipped()
    {
        _pass?.RetrySkipped();
        _message = null;
    }

    private void Say(string message, bool problem)
    {
        _message = message;
        _messageIsProblem = problem;
    }

    private async Task MoveAsync(Guid id, int delta)
    {
        if (_pass?.Move(id, delta) == true)
        {
            await SaveOrderAsync();
        }
    }

    private async Task DropOnAsync(Guid target)
    {
        if (_dragging is { } dragged && _pass?.Drop(dragged, target) == true)
        {
            await SaveOrderAsync();
        }

        _dragging = null;
    }

    private async Task SaveOrderAsync()
    {
        try
        {
            await Accounts.SaveLoginOrderAsync([.. _pass!.Order]);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Say("The new order could not be saved; it applies to this pass only.", true);
        }
    }

    [JSInvokable]
    public Task OnPopupBlocked(string accountId) => InvokeAsync(() =>
    {
        if (Guid.TryParse(accountId, out var id) && _accounts.TryGetValue(id, out var account))
        {
            Say(LoginPassText.Blocked(account), true);
            StateHasChanged();
        }
    });

    [JSInvokable]
    public Task OnPopupOpened(string accountId) => InvokeAsync(() =>
    {
        if (Guid.TryParse(accountId, out var id) && _accounts.TryGetValue(id, out var account))
        {
            _pass?.WindowOpened(id);
            Say($"Log in to {account.BrokerName} as {account.ClientId} in the window that opened. This page moves on by itself when the login completes.", false);
            StateHasChanged();
        }
    });

    [JSInvokable]
    public async Task OnPopupClosed(string accountId)
    {
        if (!Guid.TryParse(accountId, out var id) || !_accounts.TryGetValue(id, out var account))
        {
            return;
        }

        // The callback publishes before the popup closes itself; give a late message a moment.
        await Task.Delay(TimeSpan.FromSeconds(1.5), Time);
        await InvokeAsync(() =>
        {
            if (_pass?.WindowClosed(id) == true)
            {
                Say(LoginPassText.ClosedWithoutOutcome(account), true);
                StateHasChanged();
            }
        });
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        _subscription?.Dispose();
        if (CurrentUser.UserId is { } userId)
        {
            Lease.Release(userId, _tabId);
        }

        _clock?.Dispose();
        if (_self is not null)
        {
            try
            {
                await JS.InvokeVoidAsync("brokerConsole.unregisterLoginPass");
            }
            catch (JSDisconnectedException)
            {
            }

            _self.Dispose();
        }

        await base.DisposeAsyncCore();
    }
}
