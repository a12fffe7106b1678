using Microsoft.AspNetCore.Components;

namespace BrokerConsole.Web.Components.Shared;

/// <summary>
/// A component whose service calls end with its circuit: <see cref="Aborted"/> is cancelled when the component is
/// disposed (the user navigated away, closed the dialog or the tab), so a read still waiting on a broker or the database
/// stops instead of finishing for nobody. Pass it to every read. Writes the user asked for (an order, a login, a save)
/// run to the end on purpose: a closed tab must not turn an order that may have left into an unknown one.
/// </summary>
public abstract class CircuitComponentBase : ComponentBase, IAsyncDisposable
{
    private readonly CancellationTokenSource _aborted = new();
    private readonly CancellationToken _token;
    private bool _disposed;

    protected CircuitComponentBase() => _token = _aborted.Token;

    /// <summary>Cancelled once the component is disposed; still readable after that (it stays cancelled).</summary>
    protected CancellationToken Aborted => _token;

    /// <summary>Blazor calls only this when a component has both disposals: derived cleanup goes in <see cref="DisposeAsyncCore"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _aborted.CancelAsync();
        await DisposeAsyncCore();
        _aborted.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The component's own cleanup (subscriptions, timers, JS references), after <see cref="Aborted"/> is cancelled.</summary>
    protected virtual ValueTask DisposeAsyncCore() => ValueTask.CompletedTask;
}
