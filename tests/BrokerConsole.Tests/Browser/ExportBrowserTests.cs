using BrokerConsole.Tests.Exports;
using BrokerConsole.Tests.TestSupport;
using ClosedXML.Excel;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>
/// Issue #16 §5 in Chromium: Portfolio → Export → Excel saves the file through the browser's own download (a plain link,
/// the sign-in cookie), and the workbook holds both brokers' holdings as numeric cells.
/// </summary>
[Collection(TradingScreensBrowserGroup.Name)]
public sealed class ExportBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Portfolio_export_to_excel_downloads_both_brokers_holdings_as_numbers()
    {
        var page = await fixture.RegisterAsync("exports-browser@example.com");
        await fixture.AddConnectedDemoKiteAccountAsync(page, "Kite export");
        await page.ClickAsync("[data-testid=add-account] >> nth=0");
        await BrowserFixture.ChooseBrokerAsync(page, "Angel One");
        await page.FillAsync("[data-testid=field-DisplayName]", "Angel export");
        await page.FillAsync("[data-testid=field-ClientId]", SandboxDemo.AngelClientCode);
        await page.FillAsync("[data-testid=field-ApiKey]", SandboxDemo.AngelApiKey);
        await page.FillAsync("[data-testid=field-Mpin]", SandboxDemo.AngelMpin);
        await page.FillAsync("[data-testid=field-TotpSecret]", SandboxDemo.AngelTotpSecret);
        await page.ClickAsync("[data-testid=save-account]");
        var angel = page.Locator("[data-testid=account-card]:has-text('Angel export')");
        await angel.Locator("[data-testid=connect-account]").ClickAsync();
        await Assertions.Expect(angel).ToHaveAttributeAsync("data-state", "Active");

        foreach (var variant in ScreenVariant.All)
        {
            await variant.ApplyAsync(page);
            await page.GotoAsync("/portfolio");
            await BrowserFixture.WaitForCircuitAsync(page);
            await variant.ExpectThemeAsync(page);
            await Assertions.Expect(page.Locator("[data-testid=portfolio-refreshed]")).ToContainTextAsync("Updated");
            await page.Locator("[data-testid=export-menu] button").First.ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=export-holdings-xlsx]")).ToBeVisibleAsync();
            await variant.ShootAsync(page, "70-portfolio-export-menu");
            await page.Keyboard.PressAsync("Escape");
        }

        await ScreenVariant.All[0].ApplyAsync(page);
        await page.GotoAsync("/portfolio");
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.Locator("[data-testid=export-menu] button").First.ClickAsync();
        var item = page.Locator("[data-testid=export-holdings-xlsx]");
        await Assertions.Expect(item).ToHaveAttributeAsync("download", "");
        var download = await page.RunAndWaitForDownloadAsync(() => item.ClickAsync());

        Assert.StartsWith("brokerconsole-holdings-", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);
        var path = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(path);
        try
        {
            using var workbook = new XLWorkbook(path);
            var rows = ExportFiles.Rows(workbook.Worksheet("Holdings"));
            var infy = Assert.Single(rows, r => r["Account"].GetString() == "Kite export" && r["Symbol"].GetString() == "INFY");
            Assert.Equal(["Zerodha", SandboxDemo.UserA], [infy["Broker"].GetString(), infy["Client ID"].GetString()]);
            Assert.Equal(XLDataType.Number, infy["Quantity"].DataType);
            Assert.Equal(10d, infy["Quantity"].GetDouble());
            Assert.Equal(1400d, infy["Average price"].GetDouble());
            Assert.Equal(XLDataType.Number, infy["Value"].DataType);
            var sbin = Assert.Single(rows, r => r["Account"].GetString() == "Angel export");
            Assert.Equal(["Angel One", SandboxDemo.AngelClientCode], [sbin["Broker"].GetString(), sbin["Client ID"].GetString()]);
            Assert.StartsWith("SBIN", sbin["Symbol"].GetString(), StringComparison.Ordinal);
            Assert.Equal(XLDataType.Number, sbin["Quantity"].DataType);
            Assert.Equal(25d, sbin["Quantity"].GetDouble());
            Assert.True(rows.All(r => r["Note"].IsEmpty()), "an account is missing from the export");
            Assert.Equal(1, workbook.Worksheet("Holdings").SheetView.SplitRow);
        }
        finally
        {
            File.Delete(path);
        }

        // The page is still the portfolio: the download did not navigate away.
        Assert.EndsWith("/portfolio", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
    }
}
