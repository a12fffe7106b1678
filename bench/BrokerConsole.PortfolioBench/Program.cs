using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using BrokerConsole.Benchmarks;
using BrokerConsole.Core.Portfolio;
using BrokerConsole.Web.Components.Portfolio;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor.Services;

// Portfolio load for one user with N sandbox Zerodha accounts: the hosted Kite sandbox and the app's Core
// services in one process, talking over real loopback HTTP. See bench/PortfolioBench.md.
var accountCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 25;
var warmRuns = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var dataDirectory = Path.Combine(Path.GetTempPath(), "brokerconsole-portfoliobench", Guid.NewGuid().ToString("N"));
string[] symbols = ["NSE:INFY", "NSE:RELIANCE", "NSE:TCS", "NSE:HDFCBANK", "NSE:SBIN"];

var settings = KiteBenchHost.AppPerUserSettings(accountCount, dataDirectory);
BenchStorage.UsePostgresIfAsked(settings);
for (var i = 0; i < accountCount; i++)
{
    settings[$"Sandbox:Kite:Users:{i}:OpeningBalance"] = (100_000 + (i * 10_000)).ToString(CultureInfo.InvariantCulture);
    // Every account holds three of the five symbols, so aggregation has real overlaps.
    for (var h = 0; h < 3; h++)
    {
        settings[$"Sandbox:Kite:Users:{i}:Holdings:{h}:Instrument"] = symbols[(i + h) % symbols.Length];
        settings[$"Sandbox:Kite:Users:{i}:Holdings:{h}:Quantity"] = (5 + i + h).ToString(CultureInfo.InvariantCulture);
        settings[$"Sandbox:Kite:Users:{i}:Holdings:{h}:AveragePrice"] = (900 + (37 * i) + (11 * h)).ToString(CultureInfo.InvariantCulture);
    }
}

// Count every request that reaches the broker emulator, by path: this is what a real broker would see.
var calls = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
var counting = false;
await using var host = await KiteBenchHost.StartAppAsync(
    settings,
    builder =>
    {
        builder.Services.AddMudServices();
        // HtmlRenderer has no browser: MudBlazor components need an IJSRuntime to be constructed, and static rendering never calls it.
        builder.Services.AddScoped<Microsoft.JSInterop.IJSRuntime, NoBrowserJsRuntime>();
        builder.Services.AddScoped<NavigationManager, StaticNavigationManager>();
    },
    app => app.Use(async (context, next) =>
    {
        var path = context.Request.Path.Value ?? "";
        if (counting && path.StartsWith("/sandbox/kite/", StringComparison.Ordinal) && !path.Contains("/__control/", StringComparison.Ordinal))
        {
            calls.AddOrUpdate(context.Request.Method + " " + path["/sandbox/kite".Length..], 1, (_, n) => n + 1);
        }

        await next();
    }));

Console.WriteLine($"Setting up {accountCount} sandbox Zerodha accounts and logging each in…");
await host.CreateConnectedAccountsAsync(accountCount);

var renderTimes = new List<double>();
var loadTimes = new List<double>();
var callCounts = new List<int>();
PortfolioSnapshot? last = null;
for (var run = 0; run <= warmRuns; run++)
{
    if (run > 0)
    {
        // One quote request per second per API key: start each run in a fresh quote window, as a person pressing Refresh would.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
    }

    calls.Clear();
    counting = true;
    await using var scope = host.NewScope();
    var stopwatch = Stopwatch.StartNew();
    last = await scope.ServiceProvider.GetRequiredService<IPortfolioService>().LoadAsync();
    var loaded = stopwatch.Elapsed.TotalMilliseconds;
    counting = false;
    var html = await RenderAsync(scope.ServiceProvider, last);
    var rendered = stopwatch.Elapsed.TotalMilliseconds;
    loadTimes.Add(loaded);
    renderTimes.Add(rendered);
    callCounts.Add(calls.Values.Sum());
    Console.WriteLine($"run {run} ({(run == 0 ? "cold" : "warm")}): portfolio loaded in {loaded,8:F1} ms, rendered (HtmlRenderer) at {rendered,8:F1} ms, " +
        $"{calls.Values.Sum()} broker calls, {last.Accounts.Count} accounts loaded, {last.Issues.Count} listed as not loaded, HTML {html.Length / 1024} KiB");
    if (run == 0)
    {
        foreach (var (path, count) in calls.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"    {count,4} × {path}");
        }
    }
}

var warm = loadTimes.Skip(1).Order().ToList();
var warmRender = renderTimes.Skip(1).Order().ToList();
Console.WriteLine();
Console.WriteLine($"accounts: {accountCount}; symbols aggregated: {last!.Holdings.Count} holdings; total funds {last.TotalFunds:N2}; total P&L {last.TotalPnl:N2}");
Console.WriteLine($"cold: load {loadTimes[0]:F1} ms, first full render {renderTimes[0]:F1} ms, {callCounts[0]} broker calls");
if (warm.Count > 0)
{
    Console.WriteLine($"warm (n={warm.Count}): load median {warm[warm.Count / 2]:F1} ms (min {warm[0]:F1}, max {warm[^1]:F1}); render median {warmRender[warmRender.Count / 2]:F1} ms; broker calls per load {callCounts[1]}");
}

static async Task<string> RenderAsync(IServiceProvider services, PortfolioSnapshot snapshot)
{
    await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
    return await renderer.Dispatcher.InvokeAsync(async () =>
    {
        var output = await renderer.RenderComponentAsync<PortfolioView>(ParameterView.FromDictionary(new Dictionary<string, object?> { ["Snapshot"] = snapshot }));
        return output.ToHtmlString();
    });
}

/// <summary>Satisfies injection for server-side static rendering; any actual JS call would be a bug in this benchmark.</summary>
internal sealed class NoBrowserJsRuntime : Microsoft.JSInterop.IJSRuntime
{
    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => ValueTask.FromResult(default(TValue)!);

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) => ValueTask.FromResult(default(TValue)!);
}

/// <summary>MudBlazor's services want a NavigationManager; a static render is always "on" the portfolio page.</summary>
internal sealed class StaticNavigationManager : NavigationManager
{
    public StaticNavigationManager() => Initialize("http://localhost/", "http://localhost/portfolio");
}
