using System.Net;
using BrokerConsole.Core.Exports;
using BrokerConsole.Tests.Api;
using BrokerConsole.Tests.TestSupport;
using BrokerConsole.Web.Api;
using BrokerConsole.Web.Exports;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BrokerConsole.Tests.Exports;

/// <summary>
/// Issue #16 §5: every export downloaded over HTTP from the app, whose books come from the sandbox brokers over real HTTP,
/// opened and checked cell by cell (numbers are numeric cells), owner-only, never a secret.
/// </summary>
public sealed class ExportDownloadTests(SharedApp<ExportSandbox> app) : IClassFixture<SharedApp<ExportSandbox>>
{
    private static readonly SemaphoreSlim _setup = new(1, 1);
    private static ExportBooks? _books;

    private async Task<ExportBooks> BooksAsync()
    {
        await _setup.WaitAsync();
        try
        {
            return _books ??= await ExportBooks.CreateAsync(app);
        }
        finally
        {
            _setup.Release();
        }
    }

    private HttpClient KeyClient(string key)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        return client;
    }

    private async Task<(byte[] Bytes, HttpResponseMessage Response)> DownloadAsync(string path, string? key = null)
    {
        using var client = KeyClient(key ?? (await BooksAsync()).ApiKey);
        // The brokers' per-second limits are counted on the shared fake clock: each download starts in fresh windows.
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        var response = await client.GetAsync(path);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {System.Text.Encoding.UTF8.GetString(bytes)}");
        return (bytes, response);
    }

    [Fact]
    public async Task Holdings_xlsx_one_row_per_account_in_console_names_with_numeric_cells_and_the_missing_account()
    {
        var books = await BooksAsync();
        var (bytes, response) = await DownloadAsync("/api/v1/exports/holdings.xlsx");

        Assert.Equal(ExportNames.XlsxContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("brokerconsole-holdings-", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
        using var workbook = ExportFiles.Workbook(bytes);
        var notIncluded = ExportFiles.Rows(workbook.Worksheet(ExcelExportWriter.FailuresSheet));
        Assert.True(notIncluded.Count == 1, string.Join("; ", notIncluded.Select(r => r["Account"].GetString() + ": " + r["Problem"].GetString())));
        Assert.Equal("1", Assert.Single(response.Headers.GetValues(ExportEndpoints.FailedAccountsHeader)));
        var sheet = workbook.Worksheet("Holdings");
        Assert.Equal(1, sheet.SheetView.SplitRow);
        Assert.True(sheet.AutoFilter.IsEnabled);
        var rows = ExportFiles.Rows(sheet);

        var infy = Assert.Single(rows, r => r["Account"].GetString() == "Kite main" && r["Symbol"].GetString() == "INFY");
        Assert.Equal(["Zerodha", "TA1234", "NSE"], [infy["Broker"].GetString(), infy["Client ID"].GetString(), infy["Exchange"].GetString()]);
        Assert.Equal(XLDataType.Number, infy["Quantity"].DataType);
        Assert.Equal(10d, infy["Quantity"].GetDouble());
        Assert.Equal(XLDataType.Number, infy["Average price"].DataType);
        Assert.Equal(1400d, infy["Average price"].GetDouble());
        Assert.Equal(XLDataType.Number, infy["Last price"].DataType);
        Assert.Equal(14000d, infy["Invested"].GetDouble());
        Assert.Equal(Math.Round(10 * infy["Last price"].GetDouble(), 6), Math.Round(infy["Value"].GetDouble(), 6));
        Assert.Equal(XLDataType.Number, infy["P&L"].DataType);

        // Angel One's SBIN-EQ reads as the console's NSE:SBIN; the account's formula-like name stays text.
        var sbin = Assert.Single(rows, r => r["Broker"].GetString() == "Angel One");
        Assert.Equal("SBIN", sbin["Symbol"].GetString());
        Assert.Equal(5d, sbin["Quantity"].GetDouble());
        Assert.Equal(600.5d, sbin["Average price"].GetDouble());
        Assert.False(sbin["Account"].HasFormula);
        Assert.Equal(XLDataType.Text, sbin["Account"].DataType);
        Assert.Equal(ExportSandbox.RiskyName, sbin["Account"].GetString());
        Assert.True(sbin["Account"].Style.IncludeQuotePrefix);

        var idle = Assert.Single(rows, r => r["Account"].GetString() == "Kite idle");
        Assert.StartsWith("Not included: ", idle["Note"].GetString(), StringComparison.Ordinal);
        Assert.True(idle["Quantity"].IsEmpty());
        var missing = ExportFiles.Rows(workbook.Worksheet(ExcelExportWriter.FailuresSheet));
        Assert.Equal(["Kite idle", "Zerodha", "ZZ9999"], [missing[0]["Account"].GetString(), missing[0]["Broker"].GetString(), missing[0]["Client ID"].GetString()]);
        Assert.Single(missing);
        Assert.DoesNotContain(rows, r => r["Account"].GetString() == "Dhan" && !r["Note"].IsEmpty());
        Assert.NotEqual(Guid.Empty, books.Dhan);
    }

    [Fact]
    public async Task Holdings_csv_of_one_account_numbers_as_plain_numbers_and_guarded_text()
    {
        var books = await BooksAsync();
        var (bytes, response) = await DownloadAsync($"/api/v1/exports/holdings.csv?account={books.Angel}");

        Assert.Equal(ExportNames.CsvContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("-X1001-", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
        var row = Assert.Single(ExportFiles.Csv(bytes));
        Assert.Equal("'" + ExportSandbox.RiskyName, row["Account"]);
        Assert.Equal(["Angel One", "X1001", "NSE", "SBIN", "5"], [row["Broker"], row["Client ID"], row["Exchange"], row["Symbol"], row["Quantity"]]);
        // Plain invariant numbers (the broker's own scale kept: 600.50), no grouping, no currency sign.
        Assert.Equal(600.5m, decimal.Parse(row["Average price"], System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3002.5m, decimal.Parse(row["Invested"], System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(decimal.TryParse(row["Last price"], System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _), row["Last price"]);
        Assert.Equal("", row["Note"]);
    }

    [Fact]
    public async Task Orders_and_trades_carry_the_placed_order_with_numbers_and_ist_times_in_both_formats()
    {
        var books = await BooksAsync();
        var (xlsx, _) = await DownloadAsync("/api/v1/exports/orders.xlsx");
        using var workbook = ExportFiles.Workbook(xlsx);
        var orders = ExportFiles.Rows(workbook.Worksheet("Orders"));
        var order = Assert.Single(orders, r => r["Order ID"].GetString() == books.KiteOrderId);
        Assert.Equal(["Kite main", "Zerodha", "TA1234", "NSE:SBIN", "Buy", "Complete"],
            [order["Account"].GetString(), order["Broker"].GetString(), order["Client ID"].GetString(), order["Instrument"].GetString(), order["Side"].GetString(), order["Status"].GetString()]);
        Assert.Equal(XLDataType.Number, order["Quantity"].DataType);
        Assert.Equal(1d, order["Quantity"].GetDouble());
        Assert.Equal(1d, order["Filled"].GetDouble());
        Assert.Equal(XLDataType.Number, order["Average price"].DataType);
        Assert.Equal(XLDataType.DateTime, order["Placed at (IST)"].DataType);
        Assert.Contains(orders, r => r["Account"].GetString() == "Kite idle" && r["Note"].GetString().StartsWith("Not included: ", StringComparison.Ordinal));

        var (csv, _) = await DownloadAsync($"/api/v1/exports/trades.csv?account={books.Kite}");
        var trade = Assert.Single(ExportFiles.Csv(csv), r => r["Order ID"] == books.KiteOrderId);
        Assert.Equal(["Kite main", "NSE:SBIN", "Buy", "1"], [trade["Account"], trade["Instrument"], trade["Side"], trade["Quantity"]]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", trade["Filled at (IST)"]);
        Assert.Equal(decimal.Parse(trade["Price"], System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(trade["Value"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(ExportFiles.Csv(csv), r => r["Account"] != "Kite main");
    }

    [Fact]
    public async Task Positions_xlsx_has_the_filled_buy_as_a_numeric_net_position()
    {
        var (xlsx, _) = await DownloadAsync("/api/v1/exports/positions.xlsx");
        using var workbook = ExportFiles.Workbook(xlsx);
        var rows = ExportFiles.Rows(workbook.Worksheet("Positions"));

        var sbin = Assert.Single(rows, r => r["Account"].GetString() == "Kite main" && r["Book"].GetString() == "Net" && r["Symbol"].GetString() == "SBIN");
        Assert.Equal(XLDataType.Number, sbin["Quantity"].DataType);
        Assert.True(sbin["Quantity"].GetDouble() >= 1);
        Assert.Equal(XLDataType.Number, sbin["Multiplier"].DataType);
        Assert.Equal(XLDataType.Number, sbin["Value"].DataType);
    }

    [Fact]
    public async Task Run_results_list_each_account_and_order_with_outcome_and_broker_order_id()
    {
        var books = await BooksAsync();
        var (xlsx, _) = await DownloadAsync($"/api/v1/exports/runs.xlsx?run={books.RunId}");
        using var workbook = ExportFiles.Workbook(xlsx);
        var rows = ExportFiles.Rows(workbook.Worksheet("Run results"));

        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("Export run", r["Run"].GetString()));
        Assert.All(rows, r => Assert.Equal(XLDataType.DateTime, r["Run time (IST)"].DataType));
        var kite = Assert.Single(rows, r => r["Account"].GetString() == "Kite main");
        Assert.Equal(["Schedule (run now)", "NSE", "SBIN", "Buy", "Placed"], [kite["Kind"].GetString(), kite["Exchange"].GetString(), kite["Symbol"].GetString(), kite["Side"].GetString(), kite["Outcome"].GetString()]);
        Assert.Equal(2d, kite["Quantity"].GetDouble());
        Assert.Equal(XLDataType.Number, kite["Quantity"].DataType);
        Assert.False(string.IsNullOrEmpty(kite["Broker order ID"].GetString()));
        Assert.Single(rows, r => r["Broker"].GetString() == "Angel One");

        var (csv, _) = await DownloadAsync($"/api/v1/exports/runs.csv?account={books.Kite}");
        Assert.Contains(ExportFiles.Csv(csv), r => r["Run"] == "Export run" && r["Outcome"] == "Placed" && r["Account"] == "Kite main");
        Assert.DoesNotContain(ExportFiles.Csv(csv), r => r["Account"] != "Kite main");
    }

    [Fact]
    public async Task Audit_log_exports_the_users_entries_with_ist_date_cells()
    {
        var (xlsx, _) = await DownloadAsync("/api/v1/exports/audit.xlsx");
        using var workbook = ExportFiles.Workbook(xlsx);
        var rows = ExportFiles.Rows(workbook.Worksheet("Audit log"));

        var added = Assert.Single(rows, r => r["Action"].GetString() == "Account added" && r["Account"].GetString() == "Kite idle");
        Assert.Equal(XLDataType.DateTime, added["Time (IST)"].DataType);
        Assert.Equal("ZZ9999", added["Client ID"].GetString());
        Assert.Contains(rows, r => r["Action"].GetString() == "Order placed");
        Assert.Contains(rows, r => r["Action"].GetString() == "Schedule run now");
    }

    [Fact]
    public async Task No_stored_secret_appears_in_any_export()
    {
        var books = await BooksAsync();
        foreach (var kind in Enum.GetValues<ExportKind>())
        {
            foreach (var format in new[] { "csv", "xlsx" })
            {
                var (bytes, _) = await DownloadAsync($"/api/v1/exports/{ExportNames.Slug(kind)}.{format}");
                var text = ExportFiles.AllText(bytes);
                Assert.Contains(kind == ExportKind.Audit ? "Account added" : "Kite", text, StringComparison.Ordinal);
                foreach (var secret in ExportBooks.Canaries)
                {
                    Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{kind}.{format} holds a stored secret");
                }
            }
        }

        Assert.NotNull(books);
    }

    [Fact]
    public async Task Another_users_account_is_not_found_and_their_all_export_has_none_of_the_owners_rows()
    {
        var books = await BooksAsync();
        var intruder = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        string key;
        await using (var scope = app.ScopeFor(intruder))
        {
            key = (await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Core.ApiKeys.IApiKeyService>(scope.ServiceProvider).CreateAsync("intruder")).Secret;
        }

        using var client = KeyClient(key);
        foreach (var kind in Enum.GetValues<ExportKind>())
        {
            using var response = await client.GetAsync($"/api/v1/exports/{ExportNames.Slug(kind)}.csv?account={books.Kite}");
            await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound, ApiProblems.NotFound);
        }

        using (var run = await client.GetAsync($"/api/v1/exports/runs.xlsx?run={books.RunId}"))
        {
            await ApiAssert.ProblemAsync(run, HttpStatusCode.NotFound, ApiProblems.NotFound);
        }

        foreach (var kind in Enum.GetValues<ExportKind>())
        {
            var (bytes, _) = await DownloadAsync($"/api/v1/exports/{ExportNames.Slug(kind)}.csv", key);
            var text = ExportFiles.AllText(bytes);
            if (kind != ExportKind.Audit)
            {
                // The intruder's own audit log is not empty (its key was created), but holds nothing of the owner's.
                Assert.Empty(ExportFiles.Csv(bytes));
            }

            Assert.DoesNotContain("Kite main", text, StringComparison.Ordinal);
            Assert.DoesNotContain("TA1234", text, StringComparison.Ordinal);
        }

        using var unknown = await client.GetAsync("/api/v1/exports/secrets.csv");
        await ApiAssert.ProblemAsync(unknown, HttpStatusCode.BadRequest, ApiProblems.Validation);
    }

    [Fact]
    public async Task Browser_route_needs_the_sign_in_cookie_and_is_owner_only()
    {
        var books = await BooksAsync();
        using var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using (var response = await anonymous.GetAsync("/exports/holdings.csv"))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/account/login", response.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using (var signIn = await browser.SubmitAsync("/account/login", "login", new Dictionary<string, string> { ["Form.Email"] = books.Email, ["Form.Password"] = ExportBooks.Password }))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        app.Clock.Advance(TimeSpan.FromSeconds(2));
        using (var own = await browser.GetAsync($"/exports/holdings.xlsx?account={books.Kite}"))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            Assert.True(own.Headers.CacheControl?.NoStore, own.Headers.CacheControl?.ToString());
            using var workbook = ExportFiles.Workbook(await own.Content.ReadAsByteArrayAsync());
            Assert.Contains(ExportFiles.Rows(workbook.Worksheet("Holdings")), r => r["Symbol"].GetString() == "INFY");
        }

        using var other = await browser.GetAsync($"/exports/holdings.csv?account={Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }
}
