using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Browser;

/// <summary>Counts the app's open circuits and signals when the count reaches a wanted value (no polling of the clock).</summary>
public sealed class CircuitCounter
{
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private int _open;

    public int Open
    {
        get
        {
            lock (_gate)
            {
                return _open;
            }
        }
    }

    public void Change(int delta)
    {
        lock (_gate)
        {
            _open += delta;
            foreach (var w in _waiters.Where(w => w.Count == _open).ToList())
            {
                w.Reached.TrySetResult();
                _waiters.Remove(w);
            }
        }
    }

    public Task WhenAsync(int count)
    {
        lock (_gate)
        {
            if (_open == count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }
}

internal sealed class CountingCircuitHandler(CircuitCounter counter) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        counter.Change(+1);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        counter.Change(-1);
        return Task.CompletedTask;
    }
}

/// <summary>
/// The app in this process on a real Kestrel port, so a browser can open circuits and the test can read this
/// process's managed heap (a full collection) before and after: memory per circuit without another process's noise.
/// </summary>
public sealed class CircuitMemoryApp : TestApp
{
    public CircuitMemoryApp()
    {
        UseKestrel(0);
    }

    public CircuitCounter Circuits { get; } = new();

    public Uri BaseUrl
    {
        get
        {
            StartServer();
            return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseStaticWebAssets(); // blazor.web.js from the build output, as in Development
    }

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton(Circuits);
        services.AddScoped<CircuitHandler, CountingCircuitHandler>();
    }
}
