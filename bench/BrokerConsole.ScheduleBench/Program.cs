using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Claims;
using BrokerConsole.Core;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Core.Time;
using BrokerConsole.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// One scheduled run over N sandbox Zerodha accounts (one Kite app and user each), one order per account,
// with the clients' rate limits on: the hosted Kite sandbox and the app's Core services in one process over
// real loopback HTTP. The tick is called directly at the due instant. See bench/ScheduleBench.md.
var accountCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
var parallelAccounts = args.Length > 1 ? args[1] : "16";
var dataDirectory = Path.Combine(Path.GetTempPath(), "brokerconsole-schedulebench", Guid.NewGuid().ToString("N"));

var settings = new Dictionary<string, string?>
{
    ["Sandbox:Enabled"] = "true",
    ["Storage:DataDirectory"] = dataDirectory,
    ["Brokers:Zerodha:ReadRetryCount"] = "0",
    ["Scheduling:Enabled"] = "false",
    ["Scheduling:MaxParallelAccounts"] = parallelAccounts,
    ["Sessions:Monitor:Enabled"] = "false",
};
for (var i = 0; i < accountCount; i++)
{
    settings[$"Sandbox:Kite:Apps:{i}:ApiKey"] = $"benchapp{i:D3}";
    settings[$"Sandbox:Kite:Apps:{i}:ApiSecret"] = $"benchsecret{i:D3}";
    settings[$"Sandbox:Kite:Apps:{i}:RedirectUrl"] = "http://localhost/connect/zerodha/callback";
    settings[$"Sandbox:Kite:Users:{i}:UserId"] = $"BU{i:D4}";
    settings[$"Sandbox:Kite:Users:{i}:Password"] = "bench-pass";
    settings[$"Sandbox:Kite:Users:{i}:TotpSecret"] = "JBSWY3DPEHPK3PXP";
    settings[$"Sandbox:Kite:Users:{i}:UserName"] = $"Bench Trader {i}";
    settings[$"Sandbox:Kite:Users:{i}:OpeningBalance"] = "1000000";
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
builder.Configuration.Sources.Clear();
builder.Configuration.AddInMemoryCollection(settings);
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Logging.ClearProviders();
builder.AddBrokerConsoleCore();
builder.AddBrokerSandbox();
var app = builder.Build();
app.MapBrokerSandbox();
await app.StartAsync();
var root = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First().TrimEnd('/') + "/sandbox/kite";
// The options were bound before the port was known; set the sandbox URLs now (nothing has read them yet).
var zerodha = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<BrokerConsole.Core.Brokers.Zerodha.ZerodhaOptions>>().Value;
zerodha.SandboxApiRoot = new Uri(root);
zerodha.SandboxLoginUrl = new Uri(root + "/connect/login");

await DatabaseInitializer.MigrateAsync(app.Services);
string userId;
await using (var db = await app.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync())
{
    var user = new ApplicationUser { UserName = "bench@example.com", Email = "bench@example.com", NormalizedUserName = "BENCH@EXAMPLE.COM", NormalizedEmail = "BENCH@EXAMPLE.COM" };
    db.Users.Add(user);
    await db.SaveChangesAsync();
    userId = user.Id;
}

AsyncServiceScope NewScope()
{
    var scope = app.Services.CreateAsyncScope();
    scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(new ClaimsPrincipal(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Name, "bench")], "Bench")));
    return scope;
}

Console.WriteLine($"Setting up {accountCount} sandbox Zerodha accounts and logging each in…");
var accountIds = new List<Guid>();
using var http = new HttpClient { BaseAddress = new Uri(root + "/") };
await using (var setup = NewScope())
{
    var accounts = setup.ServiceProvider.GetRequiredService<IAccountService>();
    var sessions = setup.ServiceProvider.GetRequiredService<ISessionService>();
    for (var i = 0; i < accountCount; i++)
    {
        var account = await accounts.CreateAsync(new AccountDraft
        {
            Broker = BrokerKind.Zerodha,
            DisplayName = $"Account {i + 1:D3}",
            ClientId = $"BU{i:D4}",
            Environment = AccountEnvironment.Sandbox,
            ApiKey = $"benchapp{i:D3}",
            ApiSecret = $"benchsecret{i:D3}",
            RedirectUrl = "http://localhost/connect/zerodha/callback",
        });
        var login = await sessions.BeginPopupLoginAsync(account.Id);
        var state = QueryHelpers.ParseQuery(QueryHelpers.ParseQuery(login.Query)["redirect_params"].ToString())["state"].ToString();
        // The control surface issues the request_token a completed login form would; the exchange is real.
        using var tokenResponse = await http.PostAsJsonAsync("__control/request-token", new { api_key = $"benchapp{i:D3}", user_id = $"BU{i:D4}" });
        var requestToken = (await tokenResponse.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("data").GetProperty("request_token").GetString();
        var result = await sessions.CompleteZerodhaLoginAsync(state, "success", requestToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Login of account {i} failed: {result.Message}");
        }

        accountIds.Add(account.Id);
    }
}

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
await using (var scope = NewScope())
{
    schedule = await scope.ServiceProvider.GetRequiredService<IScheduleService>().CreateAsync(new ScheduleDraft
    {
        Name = "Bench",
        AccountIds = accountIds,
        Orders = [new OrderTicket { Exchange = "NSE", TradingSymbol = "INFY", Quantity = 1, OrderType = OrderType.Limit, Price = 1000m, Product = ProductType.Cnc }],
        Days = Enum.GetValues<DayOfWeek>(),
        TimeOfDay = time,
        AutoExecute = true,
    });
}

var due = ScheduleCalendar.DueAt(date, time);
Console.WriteLine($"Triggering the run due {IndianTime.Format(due)} IST over {accountCount} accounts, MaxParallelAccounts {parallelAccounts}…");
var runner = app.Services.GetRequiredService<IScheduleRunner>();
var stopwatch = Stopwatch.StartNew();
var triggeredAt = TimeProvider.System.GetUtcNow();
var summary = await runner.TickAsync(due);
var elapsed = stopwatch.Elapsed;

await using (var scope = NewScope())
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

await app.StopAsync();
await app.DisposeAsync();
try
{
    Directory.Delete(dataDirectory, recursive: true);
}
catch (IOException)
{
}
