using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Scheduling;

/// <summary>
/// The app in-process against one sandbox host serving Kite and Angel One over real HTTP, on a fake clock.
/// The hosted scheduler is off: tests call <see cref="IScheduleRunner.TickAsync"/> with the instants they want,
/// so the fake clock (and with it every session's expiry) stays at the sandbox's start.
/// Shared by a test class as <c>SharedApp&lt;SchedulesSandbox&gt;</c>.
/// </summary>
public sealed class SchedulesSandbox : IAppRecipe
{
    public const string AngelApiKey = "angeltest01";
    public const string AngelIpLockedApiKey = "angelip01";
    public const string AngelClientCode = "T1001";
    public const string AngelMpin = "4321";
    public const string AngelTotpSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    /// <summary>Thursday 26 Nov 2026 is in the test's holiday calendar.</summary>
    public static readonly DateOnly Holiday = new(2026, 11, 26);

    public static AppFixture Recipe() => AppFixture.Create()
        .WithSandbox(s =>
        {
            s["Sandbox:Angel:Apps:0:ApiKey"] = AngelApiKey;
            s["Sandbox:Angel:Apps:1:ApiKey"] = AngelIpLockedApiKey;
            s["Sandbox:Angel:Apps:1:AllowedOrderIps:0"] = "203.0.113.7";
            s["Sandbox:Angel:Users:0:ClientCode"] = AngelClientCode;
            s["Sandbox:Angel:Users:0:Mpin"] = AngelMpin;
            s["Sandbox:Angel:Users:0:TotpSecret"] = AngelTotpSecret;
            s["Sandbox:Angel:Users:0:Name"] = "Angel Tester";
            s["Sandbox:Angel:Users:0:Email"] = "t1001@example.test";
            s["Sandbox:Angel:Users:0:OpeningBalance"] = "100000";
        })
        .WithSandboxBroker(BrokerKind.Zerodha)
        .WithSandboxBroker(BrokerKind.AngelOne)
        .WithSetting("Scheduling:Enabled", "false")
        .WithSetting("Scheduling:HolidayCalendarPath", app => WriteHolidays(app.DataDirectory))
        .WithSetting("Brokers:Zerodha:ReadRetryCount", "0")
        .WithSetting("Brokers:AngelOne:RateLimitMaxWait", "00:00:15")
        // A locked database fails a write after 1 s instead of SQLite's 30 s (the locked-database fault tests).
        .WithSetting("Storage:BusyTimeout", "00:00:01");

    /// <summary>A client id for a Zerodha account that never logs in: a user holds one account per client id.</summary>
    public static string OfflineClientId() => "ZZ" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A sandbox Angel One account, connected with MPIN + TOTP.</summary>
    public static Task<Guid> AddAngelAccountAsync(Trader user, string name, string apiKey = AngelApiKey) => user.AddConnectedAccountAsync(new AccountDraft
    {
        Broker = BrokerKind.AngelOne,
        DisplayName = name,
        ClientId = AngelClientCode,
        Environment = AccountEnvironment.Sandbox,
        ApiKey = apiKey,
        Mpin = AngelMpin,
        TotpSecret = AngelTotpSecret,
    });

    /// <summary>Writes the test's holiday calendar into the app's data folder (before the app reads it) and returns its path.</summary>
    private static string WriteHolidays(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, "holidays.json");
        File.WriteAllText(path, """["2026-11-26", "2027-01-26"]""");
        return path;
    }
}

/// <summary>The scheduler app with Kite's daily order cap lowered to one, so the second order of a run meets it.</summary>
public sealed class DailyCapSchedules : IAppRecipe
{
    public static AppFixture Recipe() => SchedulesSandbox.Recipe().WithSetting("Brokers:Zerodha:OrdersPerDay", "1");
}

/// <summary>The same app storing in PostgreSQL: runs, items and order intents for <see cref="ScheduledRunTestsOnPostgres"/>.</summary>
public sealed class PostgresSchedules : IAppRecipe
{
    public static AppFixture Recipe() => SchedulesSandbox.Recipe().OnPostgres();
}

/// <summary>What the schedule tests do with their app: tick the runner, read a book.</summary>
public static class SchedulesSandboxApp
{
    extension(TestApp app)
    {
        public IScheduleRunner Runner => app.Services.GetRequiredService<IScheduleRunner>();

        /// <summary>Every order in an account's book, read with its live session a second later (the sandbox's rate limits run on the fake clock).</summary>
        public async Task<IReadOnlyList<BrokerOrder>> BookAsync(Trader user, Guid accountId)
        {
            app.Sandbox.NextSecond();
            return await user.Sessions.CallBrokerAsync(accountId, (client, ct) => client.GetOrdersAsync(ct));
        }
    }
}
