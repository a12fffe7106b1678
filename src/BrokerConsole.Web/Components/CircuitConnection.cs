using Microsoft.AspNetCore.Components.Server.Circuits;

namespace BrokerConsole.Web.Components;

/// <summary>
/// Whether this circuit's browser connection is up, for pages that work only while someone looks (the Orders page's
/// polling). A closed tab's circuit stays in memory for the retention period; its connection goes down at once.
/// </summary>
public sealed class CircuitConnection : CircuitHandler
{
    /// <summary>Up until the circuit says otherwise (a component renders only over a live connection).</summary>
    public bool IsUp { get; private set; } = true;

    /// <summary>Raised with the new state on the circuit's thread when the connection drops, comes back or the circuit closes.</summary>
    public event Action<bool>? Changed;

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken) => Set(true);

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken) => Set(false);

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken) => Set(false);

    /// <summary>Sets the state as the circuit would; also what tests drive.</summary>
    public Task Set(bool up)
    {
        if (IsUp != up)
        {
            IsUp = up;
            Changed?.Invoke(up);
        }

        return Task.CompletedTask;
    }
}
