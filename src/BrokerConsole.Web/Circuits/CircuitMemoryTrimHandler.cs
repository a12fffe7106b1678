using Microsoft.AspNetCore.Components.Server.Circuits;

namespace BrokerConsole.Web.Circuits;

/// <summary>Tells the process-wide trim that this circuit closed (one handler per circuit).</summary>
public sealed class CircuitMemoryTrimHandler(CircuitMemoryTrim trim) : CircuitHandler
{
    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        trim.CircuitClosed();
        return Task.CompletedTask;
    }
}
