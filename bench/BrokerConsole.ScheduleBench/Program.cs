using System.Diagnostics;
using System.Globalization;
using BrokerConsole.Benchmarks;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Core.Time;
using Microsoft.Extensions.DependencyInjection;

// One scheduled run over N sandbox Zerodha accounts (one Kite app and user each), one order per account,
// with the clients' rate limits on: the hosted Kite sandbox and the app's Core services in one process over
// real loopback HTTP. The tick is called directly at the due instant. See bench/ScheduleBench.md.
var accountCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
var parallelAccounts = args.Skip(1).FirstOrDefault(a => int.TryParse(a, CultureInfo.InvariantCulture, out _)) ?? "64";
// orders=N: N orders per account (one account's legs go one after another, each once the previous was acknowledged).
var ordersPerAccount = args.FirstOrDefault(a => a.StartsWith("orders=", StringComparison.Ordinal)) is { } orders ? int.Parse(orders[7..], CultureInfo.InvariantCulture) : 1;
var dataDirectory = Path.Combine(Path.GetTempPath(), "brokerconsole-schedulebench", Guid.NewGuid().ToString("N"));

var settings = KiteBenchHost.AppPerUserSettings(accountCount, dataDirectory);
settings["Scheduling:Enabled"] = "false";
settings["Scheduling:MaxParallelAccounts"] = parallelAccounts;
settings["Sessions:Monitor:Enabled"] = "false";
// BENCH_POSTGRES (with the key-ring certificate): PostgreSQL instead of SQLite in a temp folder (bench/Shared/BenchStorage.cs).
BenchStorage.UsePostgresIfAsked(settings);

for (var i = 0; i < accountCount; i++)
{
    settings[$"Sandbox:Kite:Users:{i}:OpeningBalance"] = "1000000";
}

await using var host = await KiteBenchHost.StartAppAsync(settings);
Console.WriteLine($"Setting up {accountCount} sandbox Zerodha accounts and logging each in…");
var accountIds = await host.CreateConnectedAccountsAsync(accountCount);

// Due at the next whole IST minute; the tick is called with that instant at once instead of waiting for it.
var now = TimeProvider.System.GetUtcNow();
var ist = IndianTime.ToIst(now);
var time = new TimeOnly(ist.Hour, ist.Minute).AddMinutes(1);
var date = DateOnly.FromDateTime(ist.DateTime);
if (time < TimeOnly.FromDateTime(ist.DateTime))
{
    date = date.AddDays(1);
}

ScheduleView schedule;
await using (var scope = host.NewScope())
{
    schedule = await scope.ServiceProvider.GetRequiredService<IScheduleService>().CreateAsync(new ScheduleDraft
    {
        Name = "Bench",
        AccountIds = accountIds,
        Orders = Enumerable.Range(0, ordersPerAccount)
            .Select(n => new OrderTicket { Exchange = "NSE", TradingSymbol = "INFY", Quantity = 1, OrderType = OrderType.Limit, Price = 1000m + n, Product = ProductType.Cnc })
            .ToList(),
        Days = Enum.GetValues<DayOfWeek>(),
        TimeOfDay = time,
        AutoExecute = true,
    });
}

var due = ScheduleCalendar.DueAt(date, time);
var runner = host.App.Services.GetRequiredService<IScheduleRunner>();
// The scheduler wakes Scheduling:WarmUpLead (30 s) before the run and reads each live account's book (RunWarmUp):
// the tick at that instant is what the hosted scheduler does; "cold" skips it to show what it is worth.
if (!args.Contains("cold"))
{
    var warmUpLead = host.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SchedulingOptions>>().Value.WarmUpLead;
    var warming = Stopwatch.StartNew();
    await runner.TickAsync(due - warmUpLead);
    Console.WriteLine($"Warm-up tick at due − {warmUpLead.TotalSeconds:0} s: {warming.ElapsedMilliseconds} ms");
    // As in production, the run starts the lead later, not straight after the warm-up: what the warm-up leaves behind
    // (collections, timers, pool threads going idle) settles as it would.
    await Task.Delay(warmUpLead - warming.Elapsed > TimeSpan.Zero ? warmUpLead - warming.Elapsed : TimeSpan.Zero);
}

Console.WriteLine($"Triggering the run due {IndianTime.Format(due)} IST over {accountCount} accounts × {ordersPerAccount} orders, MaxParallelAccounts {parallelAccounts}…");
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
var stopwatch = Stopwatch.StartNew();
var triggeredAt = TimeProvider.System.GetUtcNow();
var summary = await runner.TickAsync(due);
var elapsed = stopwatch.Elapsed;
// CPU used by the whole process (app + in-process sandbox) during the tick: steadier than wall time on a shared machine.
var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
var gcs = (GC.CollectionCount(0) - gcBefore.Item1, GC.CollectionCount(1) - gcBefore.Item2, GC.CollectionCount(2) - gcBefore.Item3);

await using (var scope = host.NewScope())
{
    var service = scope.ServiceProvider.GetRequiredService<IScheduleService>();
    var run = await service.GetRunAsync((await service.ListRunsAsync(schedule.Id)).Single().Id);
    var lastAck = run.Items.Max(i => i.CompletedAt ?? triggeredAt);
    var slowest = run.Items.OrderByDescending(i => (i.CompletedAt ?? triggeredAt) - (i.StartedAt ?? triggeredAt)).First();
    var perItem = run.Items.Where(i => i.StartedAt is not null && i.CompletedAt is not null)
        .Select(i => (i.CompletedAt!.Value - i.StartedAt!.Value).TotalMilliseconds).Order().ToList();
    Console.WriteLine();
    Console.WriteLine($"runs executed: {summary.RunsExecuted}; items: {run.Items.Count}; placed {run.Placed}, rejected {run.Rejected}, skipped {run.Skipped}, failed {run.Failed}, pending {run.Pending}");
    Console.WriteLine($"trigger → last acknowledgement: {(lastAck - triggeredAt).TotalMilliseconds:F0} ms (tick returned after {elapsed.TotalMilliseconds:F0} ms)");
    Console.WriteLine($"orders/second: {run.Placed / elapsed.TotalSeconds:F1}");
    Console.WriteLine($"process CPU during the tick: {cpu.TotalMilliseconds:F0} ms ({cpu.TotalMilliseconds / Math.Max(1, run.Placed):F1} ms per order); GCs gen0/1/2: {gcs.Item1}/{gcs.Item2}/{gcs.Item3}");
    Console.WriteLine($"per order (saved as sending → outcome recorded): median {perItem[perItem.Count / 2]:F0} ms, p99 {perItem[(int)(perItem.Count * 0.99)]:F0} ms");
    Console.WriteLine($"slowest account: {slowest.AccountName}, {((slowest.CompletedAt ?? triggeredAt) - (slowest.StartedAt ?? triggeredAt)).TotalMilliseconds:F0} ms ({slowest.Status}: {slowest.Message})");
    if (run.Failed + run.Rejected > 0)
    {
        foreach (var bad in run.Items.Where(i => i.Status is ScheduleRunItemStatus.Failed or ScheduleRunItemStatus.Rejected).Take(3))
        {
            Console.WriteLine($"    {bad.AccountName}: {bad.Status}: {bad.Message}");
        }
    }
}

