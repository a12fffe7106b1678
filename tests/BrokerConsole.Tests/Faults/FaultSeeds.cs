using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.ApiKeys;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Core.Time;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Faults;

/// <summary>
/// The app in this process over the data folder the child app will start on: it writes the user, the accounts and
/// their sessions (logged in at the broker copy through the real exchange), an API key and schedules, then stops.
/// The child finds them through the same SQLite file and key ring, as after an operator's restart.
/// </summary>
public static class FaultSeeds
{
    /// <summary>The seeding app over <paramref name="dataDirectory"/>, its Kite client pointed at the broker copy at <paramref name="brokerKiteRoot"/>.</summary>
    public static TestApp Over(string dataDirectory, string brokerKiteRoot) => AppFixture.Create()
        .WithDataDirectory(dataDirectory)
        .WithSetting("Sandbox:Enabled", "false")
        .WithSetting("Scheduling:Enabled", "false")
        .WithSetting("Brokers:Zerodha:SandboxApiRoot", brokerKiteRoot)
        .WithSetting("Brokers:Zerodha:SandboxLoginUrl", brokerKiteRoot + "/connect/login")
        .Build();

    public const string Password = "fault-suite-2026";

    extension(TestApp app)
    {
        public async Task<FaultSeed> SeedAsync(IReadOnlyList<string> kiteUsers, Func<string, Task<string>> requestToken)
        {
            var email = $"fault-{Guid.NewGuid():N}@example.com";
            var userId = await app.CreateUserAsync(email, Password);
            await using var scope = app.ScopeFor(userId, email);
            var accounts = scope.ServiceProvider.GetRequiredService<IAccountService>();
            var sessions = scope.ServiceProvider.GetRequiredService<ISessionService>();
            var ids = new List<Guid>();
            foreach (var kiteUser in kiteUsers)
            {
                var account = await accounts.CreateAsync(new AccountDraft
                {
                    Broker = BrokerKind.Zerodha,
                    DisplayName = "Fault " + kiteUser,
                    ClientId = kiteUser,
                    Environment = AccountEnvironment.Sandbox,
                    ApiKey = SandboxDemo.ApiKey,
                    ApiSecret = SandboxDemo.ApiSecret,
                    RedirectUrl = "http://localhost:5080/connect/zerodha/callback",
                });
                // The popup login without the popup: the state from the app, the request token from the broker as if typed in.
                var login = await sessions.BeginPopupLoginAsync(account.Id);
                var state = QueryHelpers.ParseQuery(QueryHelpers.ParseQuery(login.Query)["redirect_params"].ToString())["state"].ToString();
                var result = await sessions.CompleteZerodhaLoginAsync(state, "success", await requestToken(kiteUser));
                Assert.True(result.Succeeded, result.Message);
                ids.Add(account.Id);
            }

            var key = await scope.ServiceProvider.GetRequiredService<IApiKeyService>().CreateAsync("fault suite");
            var schedule = await app.AddScheduleAsync(scope, ids, ordersPerAccount: 2);
            return new FaultSeed(app.DataDirectory, userId, email, Password, key.Secret, ids, schedule);
        }

        /// <summary>A disabled schedule of <paramref name="ordersPerAccount"/> limit buys per account, dated an hour back (see <see cref="MakeDueAsync"/>).</summary>
        private async Task<Guid> AddScheduleAsync(AsyncServiceScope scope, IReadOnlyList<Guid> accountIds, int ordersPerAccount)
        {
            var schedule = await scope.ServiceProvider.GetRequiredService<IScheduleService>().CreateAsync(new ScheduleDraft
            {
                Name = "Closing buys",
                AccountIds = accountIds,
                Orders = Enumerable.Range(0, ordersPerAccount).Select(i => new OrderTicket
                {
                    Exchange = "NSE",
                    TradingSymbol = "INFY",
                    Quantity = 1,
                    OrderType = OrderType.Limit,
                    Price = 900m + i,
                    Product = ProductType.Cnc,
                }).ToList(),
                Days = Enum.GetValues<DayOfWeek>(),
                Enabled = false,
                AutoExecute = true,
            });
            // An occurrence due before a schedule existed is never run; that rule is not under test here.
            await using var context = await app.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync();
            var row = await context.Schedules.SingleAsync(s => s.Id == schedule.Id);
            row.CreatedAt = row.CreatedAt.AddHours(-1);
            await context.SaveChangesAsync();
            return schedule.Id;
        }
    }

    /// <summary>
    /// Enables the seeded schedule in a copied data folder, due at the current IST minute, so the next app started on
    /// it runs it at its first scheduler tick. Written straight to the SQLite file: no app runs on it yet.
    /// </summary>
    public static async Task MakeDueAsync(FaultSeed seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var options = new DbContextOptionsBuilder<BrokerConsoleDbContext>()
            .UseSqlite($"Data Source={Path.Combine(seed.DataDirectory, "brokerconsole.db")};Pooling=False")
            .Options;
        await using var context = new BrokerConsoleDbContext(options);
        var row = await context.Schedules.SingleAsync(s => s.Id == seed.ScheduleId);
        var now = IndianTime.ToIst(TimeProvider.System.GetUtcNow());
        row.TimeOfDay = new TimeOnly(now.Hour, now.Minute);
        row.Enabled = true;
        await context.SaveChangesAsync();
    }
}
