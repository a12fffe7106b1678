using System.Diagnostics;
using System.Globalization;
using BrokerConsole.Benchmarks;
using BrokerConsole.Core.Baskets;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Scheduling;
using Microsoft.Extensions.DependencyInjection;

// One basket of M orders to N sandbox Zerodha accounts (one Kite app and user each), confirmed once, with the clients'
// rate limits on: the hosted Kite sandbox and the app's Core services in one process over real loopback HTTP. The run is
// executed by the scheduler's hosted queue, as after a confirm in the app. See bench/README.md ("Basket placement").
var accountCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
var orderCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
var dataDirectory = Path.Combine(Path.GetTempPath(), "brokerconsole-basketbench", Guid.NewGuid().ToString("N"));

var settings = KiteBenchHost.AppPerUserSettings(accountCount, dataDirectory);
settings["Scheduling:Enabled"] = "false";
settings["Sessions:Monitor:Enabled"] = "false";
settings["Instruments:DailyRefresh"] = "false";
for (var i = 0; i < accountCount; i++)
{
    settings[$"Sandbox:Kite:Users:{i}:OpeningBalance"] = "10000000";
}

await using var host = await KiteBenchHost.StartAppAsync(settings);
Console.WriteLine($"Setting up {accountCount} sandbox Zerodha accounts and logging each in…");
var accountIds = await host.CreateConnectedAccountsAsync(accountCount);
string[] symbols = ["INFY", "SBIN", "TCS", "RELIANCE", "HDFCBANK"];
var draft = new BasketDraft
{
    Name = "Bench",
    Legs = Enumerable.Range(0, orderCount)
        .Select(i => new OrderTicket { Exchange = "NSE", TradingSymbol = symbols[i % symbols.Length], Quantity = 1, OrderType = OrderType.Limit, Price = 1000m, Product = ProductType.Cnc })
        .ToList(),
    Targets = accountIds.Select(a => new BasketTarget { AccountId = a }).ToList(),
};

var runner = host.App.Services.GetRequiredService<IScheduleRunner>();
Console.WriteLine($"Basket of {orderCount} orders to {accountCount} accounts, {rounds} rounds (the first warms up)…");
var totals = new List<double>();
for (var round = 0; round < rounds; round++)
{
    await using var scope = host.NewScope();
    var baskets = scope.ServiceProvider.GetRequiredService<IBasketService>();
    var preview = await baskets.PreviewAsync(draft);
    var stopwatch = Stopwatch.StartNew();
    var confirmedAt = TimeProvider.System.GetUtcNow();
    var started = await baskets.PlaceAsync(draft, preview.Fingerprint, idempotencyKey: null);
    var confirmReturned = stopwatch.Elapsed;
    // The hosted queue executes the run; this waits at the executor's gate until it is done (then returns at once).
    await runner.ExecuteQueuedRunAsync(started.RunId);
    var run = await baskets.GetRunAsync(started.RunId);
    var lastAck = run.Items.Max(i => i.CompletedAt ?? confirmedAt);
    var perItem = run.Items.Where(i => i.StartedAt is not null && i.CompletedAt is not null)
        .Select(i => (i.CompletedAt!.Value - i.StartedAt!.Value).TotalMilliseconds).Order().ToList();
    var total = (lastAck - confirmedAt).TotalMilliseconds;
    if (round > 0)
    {
        totals.Add(total);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"round {round + 1}: {run.Items.Count} items, placed {run.Placed}, rejected {run.Rejected}, skipped {run.Skipped}, failed {run.Failed}; " +
        $"confirm returned {confirmReturned.TotalMilliseconds:F0} ms; confirm → last acknowledgement {total:F0} ms; " +
        $"per order median {perItem[perItem.Count / 2]:F0} ms, max {perItem[^1]:F0} ms"));
    foreach (var bad in run.Items.Where(i => i.Status != ScheduleRunItemStatus.Placed).Take(3))
    {
        Console.WriteLine($"    {bad.AccountName}: {bad.Status}: {bad.Message}");
    }
}

if (totals.Count > 0)
{
    totals.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"confirm → last acknowledgement over {totals.Count} warm rounds: median {totals[totals.Count / 2]:F0} ms, best {totals[0]:F0} ms, worst {totals[^1]:F0} ms"));
}
