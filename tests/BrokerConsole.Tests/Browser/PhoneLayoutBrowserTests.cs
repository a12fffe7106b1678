using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>
/// Every signed-in page at a phone's viewport (390×844): the morning login often happens on a phone, so no page may
/// scroll sideways as a whole (wide tables scroll inside their own box) and the main action must be on screen.
/// </summary>
[Collection(AccountsBrowserGroup.Name)]
public sealed class PhoneLayoutBrowserTests(BrowserFixture fixture)
{
    private static readonly (string Path, string Ready, string Shot)[] _pages =
    [
        ("/accounts", "[data-testid=account-card]", "70-phone-accounts"),
        ("/accounts/login-all", "h1", "71-phone-login-all"),
        ("/orders", "[data-testid=place-order]", "72-phone-orders"),
        ("/portfolio", "[data-testid=total-funds]", "73-phone-portfolio"),
        ("/schedules", "h1", "74-phone-schedules"),
        ("/notifications", "h1", "75-phone-notifications"),
        ("/settings", "h1", "76-phone-settings"),
        ("/schedules/runs", "h1", "77-phone-run-history"),
    ];

    /// <summary>
    /// The outermost visible elements that reach past the right edge of the viewport. The layout's own scroll box does
    /// not excuse them (a page wider than the phone is the defect); a box that scrolls sideways inside the page (a wide
    /// table's wrapper) does, when that box itself fits.
    /// </summary>
    private const string StickingOutScript = """
        () => {
            const width = window.innerWidth;
            const title = document.querySelector('h1');
            const scrollsInside = e => {
                for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                    const o = getComputedStyle(a).overflowX;
                    if ((o === 'auto' || o === 'scroll') && !(title && a.contains(title))) {
                        return a.getBoundingClientRect().right <= width + 1;
                    }
                }
                return false;
            };
            const out = [];
            for (const e of document.querySelectorAll('body *')) {
                const r = e.getBoundingClientRect();
                const style = getComputedStyle(e);
                if (r.width === 0 || r.height === 0 || r.right <= width + 1 || r.left >= width) continue;
                if (style.visibility === 'hidden' || style.position === 'fixed' || scrollsInside(e)) continue;
                if (out.some(o => o.contains(e))) continue;
                out.push(e);
            }
            return out.map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${e.getAttribute('data-testid') ?? ''} reaches ${Math.round(e.getBoundingClientRect().right)}px of ${width}px: "${(e.innerText ?? '').trim().slice(0, 40)}"`);
        }
        """;

    [Fact]
    public async Task Signed_in_pages_fit_a_phone_width_without_sideways_scrolling()
    {
        var page = await fixture.RegisterAsync("phone-layout@example.com");
        await fixture.AddConnectedDemoKiteAccountAsync(page, "Phone Kite");
        await page.SetViewportSizeAsync(390, 844);

        var overflowing = new List<string>();
        // Light, then dark (the theme follows the OS until the user picks one): both must fit and both are looked at.
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.EmulateMediaAsync(new() { ColorScheme = scheme });
            var suffix = scheme == ColorScheme.Dark ? "-dark" : "";
            foreach (var (path, ready, shot) in _pages)
            {
                await page.GotoAsync(path);
                await BrowserFixture.WaitForCircuitAsync(page);
                await Assertions.Expect(page.Locator(ready).First).ToBeVisibleAsync();
                await Assertions.Expect(page.Locator(".bc-body")).ToHaveAttributeAsync("data-theme", scheme == ColorScheme.Dark ? "dark" : "light");
                await BrowserFixture.ScreenshotAsync(page, shot + suffix);
                var sticking = await page.EvaluateAsync<string[]>(StickingOutScript);
                overflowing.AddRange(sticking.Select(e => $"{path} ({scheme}): {e}"));
            }
        }

        // The e-mail is hidden at this width; who is signed in is still one hover or long-press away.
        await Assertions.Expect(page.Locator("[data-testid=signed-in-user]")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".bc-user [title^='Signed in as']")).ToHaveAttributeAsync("title", "Signed in as phone-layout@example.com");
        Assert.True(overflowing.Count == 0, "Pages scroll sideways on a phone:\n" + string.Join('\n', overflowing));
    }
}
