using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Web.Components.Pages;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.Components.Pages;

public sealed class AuditLogSectionTests : ConsoleComponentTest
{
    private static readonly DateTimeOffset _at = new(2026, 12, 3, 4, 0, 0, TimeSpan.Zero);
    private readonly AccountSummary _kite = FakeAccountService.Account("Primary Kite");

    public AuditLogSectionTests()
    {
        Services.AddSingleton<IAccountService>(new FakeAccountService(_kite));
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(_at));
        Services.AddSingleton<IAuditTrail>(new FakeAuditTrail(
            new AuditEntry { UserId = "u", At = _at, Action = AuditAction.SessionConnected, AccountId = _kite.Id, Summary = "Logged in to Zerodha as AB1234" },
            new AuditEntry { UserId = "u", At = _at.AddMinutes(-5), Action = AuditAction.ApiKeyCreated, Summary = "Created API key 'nightly, \"report\"'" },
            new AuditEntry { UserId = "u", At = _at.AddMinutes(-9), Action = AuditAction.SignedIn, Summary = "Signed in from 127.0.0.1" }));
    }

    [Fact]
    public void Rows_read_as_human_labels_with_the_account_and_the_full_detail()
    {
        var section = Render<AuditLogSection>();

        var grid = section.Find("[data-testid=audit-grid]").TextContent;
        Assert.Contains("Logged in to broker", grid, StringComparison.Ordinal);
        Assert.Contains("Primary Kite", grid, StringComparison.Ordinal);
        Assert.Contains("Created API key 'nightly, \"report\"'", grid, StringComparison.Ordinal);
        Assert.DoesNotContain("SessionConnected", grid, StringComparison.Ordinal);
        Assert.Equal("3 of 3", section.Find("[data-testid=audit-count]").TextContent);
    }

    [Fact]
    public void Search_filters_the_rows_and_the_csv_export_takes_exactly_those()
    {
        var download = JSInterop.SetupVoid("brokerConsole.downloadText", _ => true);
        var section = Render<AuditLogSection>();

        section.Find("[data-testid=audit-search] input, input[data-testid=audit-search]").Input("api key");

        section.WaitForAssertion(() => Assert.Equal("1 of 3", section.Find("[data-testid=audit-count]").TextContent));
        Assert.DoesNotContain("Signed in from", section.Find("[data-testid=audit-grid]").TextContent, StringComparison.Ordinal);

        section.Find("[data-testid=audit-export]").Click();
        var call = Assert.Single(download.Invocations);
        Assert.Equal("brokerconsole-activity-20261203-0930.csv", call.Arguments[0]);
        var csv = ((string)call.Arguments[1]!).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["at_utc,at_ist,action,label,account,detail", "2026-12-03T03:55:00Z,2026-12-03 09:25:00,ApiKeyCreated,API key created,,\"Created API key 'nightly, \"\"report\"\"'\""], csv);
    }

    [Fact]
    public void Csv_cells_a_spreadsheet_would_run_as_formulas_are_defused()
    {
        var csv = AuditCsv.Write([new AuditRow(_at, AuditAction.AccountUpdated, "=HYPERLINK(\"x\")", "+91 calls")]);

        Assert.Contains(",\"'=HYPERLINK(\"\"x\"\")\",'+91 calls", csv, StringComparison.Ordinal);
    }
}
