using System.IO.Compression;
using System.Text;
using System.Threading.Channels;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.ApiKeys;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Tests.Sandbox.Kite;
using BrokerConsole.Tests.TestSupport;
using ClosedXML.Excel;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Exports;

/// <summary>
/// The app in-process against one sandbox host (Kite, Angel One, Dhan over real HTTP, their instrument masters included) on
/// a fake clock. The Kite user holds 10 INFY; the Angel One client holds 5 SBIN-EQ (SBIN in the console's names).
/// </summary>
public sealed class ExportSandbox : IAppRecipe
{
    public const string AngelApiKey = "angelexport01";
    public const string AngelClient = "X1001";
    public const string AngelMpin = "8642";
    public const string AngelTotpSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    public const string DhanClient = "1000000771";
    public const string DhanToken = "dhan-export-token-0771";

    /// <summary>An account name a spreadsheet would run as a formula if it were written as typed.</summary>
    public const string RiskyName = "=HYPERLINK(\"http://evil.example\",\"x\")";

    public static AppFixture Recipe() => AppFixture.Create()
        .WithSandbox(s =>
        {
            s["Sandbox:Angel:Apps:0:ApiKey"] = AngelApiKey;
            s["Sandbox:Angel:Users:0:ClientCode"] = AngelClient;
            s["Sandbox:Angel:Users:0:Mpin"] = AngelMpin;
            s["Sandbox:Angel:Users:0:TotpSecret"] = AngelTotpSecret;
            s["Sandbox:Angel:Users:0:Name"] = "Angel export";
            s["Sandbox:Angel:Users:0:Holdings:0:TradingSymbol"] = "SBIN-EQ";
            s["Sandbox:Angel:Users:0:Holdings:0:Quantity"] = "5";
            s["Sandbox:Angel:Users:0:Holdings:0:AveragePrice"] = "600.5";
            s["Sandbox:Dhan:Users:0:ClientId"] = DhanClient;
            s["Sandbox:Dhan:Users:0:Name"] = "Dhan export";
            s["Sandbox:Dhan:Users:0:AccessToken"] = DhanToken;
        })
        .WithSandboxBroker(BrokerKind.Zerodha)
        .WithSandboxBroker(BrokerKind.AngelOne)
        .WithSandboxBroker(BrokerKind.Dhan)
        .WithSandboxBroker(BrokerKind.Fyers)
        .WithSetting("Scheduling:Enabled", "false")
        .WithSetting("Instruments:DailyRefresh", "false")
        .WithSetting("Brokers:Zerodha:ReadRetryCount", "0");
}

/// <summary>
/// One trader of the export tests with books at three brokers: Kite (connected, one market order filled), Angel One (its
/// name starts like a formula), Dhan (token), a Kite account with no session (so every broker export has one missing
/// account), a completed schedule run, and an API key.
/// </summary>
public sealed record ExportBooks(string Email, string UserId, Guid Kite, Guid Angel, Guid Dhan, Guid Idle, string KiteOrderId, Guid RunId, string ApiKey)
{
    public const string Password = "correct-horse-42";

    /// <summary>Secrets stored for the accounts above: none may ever appear in an export.</summary>
    public static readonly string[] Canaries = [KiteSandboxHost.ApiSecret, ExportSandbox.AngelMpin, ExportSandbox.AngelTotpSecret, ExportSandbox.DhanToken];

    public static async Task<ExportBooks> CreateAsync(TestApp app)
    {
        var index = await app.Services.GetRequiredService<InstrumentCatalog>().GetAsync();
        if (index.FindForOrder(BrokerKind.AngelOne, "NSE", "SBIN") is null)
        {
            var refresh = await app.Services.GetRequiredService<InstrumentMasterRefresher>().RefreshAsync();
            Assert.NotNull((await app.Services.GetRequiredService<InstrumentCatalog>().GetAsync()).FindForOrder(BrokerKind.AngelOne, "NSE", "SBIN"));
            Assert.NotNull(refresh);
        }

        var email = $"{Guid.NewGuid():N}@example.com";
        var userId = await app.CreateUserAsync(email, Password);
        await using var trader = new Trader(userId, app.ScopeFor(userId));
        var kite = await app.AddKiteAccountAsync(trader, "Kite main");
        var angel = await trader.AddConnectedAccountAsync(new AccountDraft
        {
            Broker = BrokerKind.AngelOne,
            DisplayName = ExportSandbox.RiskyName,
            ClientId = ExportSandbox.AngelClient,
            Environment = AccountEnvironment.Sandbox,
            ApiKey = ExportSandbox.AngelApiKey,
            Mpin = ExportSandbox.AngelMpin,
            TotpSecret = ExportSandbox.AngelTotpSecret,
        });
        var dhan = await trader.AddConnectedAccountAsync(new AccountDraft
        {
            Broker = BrokerKind.Dhan,
            DisplayName = "Dhan",
            ClientId = ExportSandbox.DhanClient,
            Environment = AccountEnvironment.Sandbox,
            AccessToken = ExportSandbox.DhanToken,
        });
        var idle = await app.AddKiteAccountAsync(trader, "Kite idle", connect: false, clientId: "ZZ9999");

        var placed = await trader.Orders.PlaceAsync(new OrderTicket
        {
            AccountId = kite,
            Exchange = "NSE",
            TradingSymbol = "SBIN",
            Side = TransactionType.Buy,
            Quantity = 1,
            OrderType = OrderType.Market,
            Product = ProductType.Cnc,
        });
        Assert.Equal(PlacementOutcome.Placed, placed.Outcome);

        var schedule = await trader.Schedules.CreateAsync(new ScheduleDraft
        {
            Name = "Export run",
            AccountIds = [kite, angel],
            Orders = [new OrderTicket { AccountId = kite, Exchange = "NSE", TradingSymbol = "SBIN", Side = TransactionType.Buy, Quantity = 2, OrderType = OrderType.Market, Product = ProductType.Cnc }],
        });
        var completed = Channel.CreateUnbounded<Guid>();
        using (app.Services.GetRequiredService<UserEventHub<ScheduleRunProgress>>().Subscribe(userId, p =>
        {
            if (p.Status == ScheduleRunStatus.Completed)
            {
                completed.Writer.TryWrite(p.RunId);
            }

            return Task.CompletedTask;
        }))
        {
            var runId = await trader.Schedules.RunNowAsync(schedule.Id);
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await completed.Reader.ReadAsync(guard.Token) != runId)
            {
            }

            var key = await trader.Scope.ServiceProvider.GetRequiredService<IApiKeyService>().CreateAsync("exports");
            return new ExportBooks(email, userId, kite, angel, dhan, idle, placed.OrderId!, runId, key.Secret);
        }
    }
}

/// <summary>Reading downloaded files back: the workbook as ClosedXML opens it, and the CSV as rows of fields.</summary>
public static class ExportFiles
{
    public static XLWorkbook Workbook(byte[] bytes) => new(new MemoryStream(bytes));

    /// <summary>The rows of a sheet below the header, as cells addressed by their header.</summary>
    public static List<Dictionary<string, IXLCell>> Rows(IXLWorksheet sheet)
    {
        var last = sheet.LastColumnUsed()!.ColumnNumber();
        var headers = Enumerable.Range(1, last).Select(c => sheet.Cell(1, c).GetString()).ToList();
        return [.. Enumerable.Range(2, Math.Max(0, sheet.LastRowUsed()!.RowNumber() - 1))
            .Select(r => headers.Select((h, i) => (h, Cell: sheet.Cell(r, i + 1))).ToDictionary(x => x.h, x => x.Cell))];
    }

    /// <summary>A minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF) for checking CSV field by field.</summary>
    public static List<Dictionary<string, string>> Csv(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        Assert.StartsWith("\uFEFF", text, StringComparison.Ordinal);
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 1; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else
            {
                field.Append(ch);
            }
        }

        var header = records[0];
        Assert.All(records, r => Assert.Equal(header.Count, r.Count));
        return [.. records.Skip(1).Select(r => header.Select((h, i) => (h, v: r[i])).ToDictionary(x => x.h, x => x.v))];
    }

    /// <summary>Everything a file holds as text: the CSV itself, or every part of the xlsx package unzipped.</summary>
    public static string AllText(byte[] bytes)
    {
        if (bytes.Length > 2 && bytes[0] == 'P' && bytes[1] == 'K')
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            var all = new StringBuilder();
            foreach (var entry in zip.Entries)
            {
                using var reader = new StreamReader(entry.Open());
                all.Append(reader.ReadToEnd());
            }

            return all.ToString();
        }

        return Encoding.UTF8.GetString(bytes);
    }
}
