using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>
/// The API reference opened from Settings → API keys in a real browser: it renders the generated document, and every
/// request the page makes stays on this server (the console must work on a machine with no internet).
/// </summary>
[Collection(AccountsBrowserGroup.Name)]
public sealed class ApiReferenceBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Settings_link_opens_the_reference_which_loads_nothing_from_the_internet()
    {
        var page = await fixture.RegisterAsync("api-reference@example.com");
        await page.GotoAsync("/settings");
        await BrowserFixture.WaitForCircuitAsync(page);

        var requested = new List<string>();
        page.Context.Request += (_, request) =>
        {
            lock (requested)
            {
                requested.Add(request.Url);
            }
        };
        var reference = await page.RunAndWaitForPopupAsync(() => page.ClickAsync("[data-testid=api-reference-link]"));

        await reference.WaitForURLAsync("**/api/docs/");
        // Operation summaries come from the generated document, so seeing them means scalar.js ran and read /openapi/v1.json.
        // A 1.4 MB bundle parsed on a loaded CI machine: give the first render the time it needs, then nothing waits.
        var rendered = new LocatorAssertionsToBeVisibleOptions { Timeout = 60_000 };
        await Assertions.Expect(reference.GetByRole(AriaRole.Heading, new() { Name = "BrokerConsole API" })).ToBeVisibleAsync(rendered);
        await Assertions.Expect(reference.GetByText("Places one order, never retried").First).ToBeVisibleAsync(rendered);
        await reference.WaitForLoadStateAsync(LoadState.NetworkIdle);
        // The reference is one very long document (17,000 px on a phone): its first screen is what is looked at.
        var folder = Directory.CreateDirectory(Path.Combine(RepoPaths.Artifacts, "screenshots")).FullName;
        foreach (var variant in ScreenVariant.All)
        {
            await variant.ApplyAsync(reference);
            await reference.ScreenshotAsync(new() { Path = Path.Combine(folder, $"80-api-reference-{variant.Name}.png"), Animations = ScreenshotAnimations.Disabled });
        }

        string[] offsite;
        lock (requested)
        {
            Assert.Contains(requested, url => url.EndsWith("/openapi/v1.json", StringComparison.Ordinal));
            offsite = [.. requested.Where(url => url.StartsWith("http", StringComparison.Ordinal) && new Uri(url).Authority != fixture.App.BaseUrl.Authority)];
        }

        Assert.Empty(offsite);
    }
}
