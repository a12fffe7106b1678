using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>
/// Every page at a phone's viewport (390×844) and a desktop's (1280×800), light and dark: the morning login often happens
/// on a phone, so no page may scroll sideways as a whole (wide tables scroll inside their own box). The signed-out pages
/// (sign-in, register, forgot password) and Settings with a new API key and a reset link are shot too.
/// </summary>
[Collection(AccountsBrowserGroup.Name)]
public sealed class PhoneLayoutBrowserTests(BrowserFixture fixture)
{
    private static readonly (string Path, string Ready, string Shot)[] _pages =
    [
        ("/accounts", "[data-testid=account-card]", "70-accounts"),
        ("/accounts/login-all", "h1", "71-login-all"),
        ("/orders", "[data-testid=place-order]", "72-orders"),
        ("/portfolio", "[data-testid=total-funds]", "73-portfolio"),
        ("/schedules", "h1", "74-schedules"),
        ("/notifications", "h1", "75-notifications"),
        ("/settings", "[data-testid=api-key-grid]", "76-settings"),
        ("/schedules/runs", "h1", "77-run-history"),
        ("/not-found", "h1", "78-not-found"),
    ];

    /// <summary>The pages a signed-out visitor sees (static server rendering, the OS colour scheme through CSS).</summary>
    private static readonly (string Path, string Ready, string Shot)[] _signedOutPages =
    [
        ("/account/login", "#email", "00-sign-in"),
        ("/account/register", "#email", "00-register"),
        ("/account/forgot-password", "h1", "00-forgot-password"),
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
    public async Task Every_page_fits_a_phone_and_a_desktop_in_light_and_dark_without_sideways_scrolling()
    {
        var overflowing = new List<string>();
        var visitor = await fixture.NewPageAsync();
        foreach (var variant in ScreenVariant.All)
        {
            await variant.ApplyAsync(visitor);
            foreach (var (path, ready, shot) in _signedOutPages)
            {
                await visitor.GotoAsync(path);
                await Assertions.Expect(visitor.Locator(ready).First).ToBeVisibleAsync();
                await variant.ShootAsync(visitor, shot);
            }
        }

        await visitor.Context.CloseAsync();

        var page = await fixture.RegisterAsync("phone-layout@example.com");
        await fixture.AddConnectedDemoKiteAccountAsync(page, "Phone Kite");
        // Settings with something in each section: an API key (its one-time secret and Copy shown) and a reset link.
        await page.GotoAsync("/settings");
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.FillAsync("[data-testid=api-key-name] input, input[data-testid=api-key-name]", "Spreadsheet");
        await page.ClickAsync("[data-testid=api-key-create]");
        await BrowserFixture.ConfirmPasswordAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=api-key-value]")).ToBeVisibleAsync();
        // Reset links are an administrator's tool (the first user registered): shown when this user is the one.
        if (await page.Locator("[data-testid=password-reset]").CountAsync() > 0)
        {
            await page.FillAsync("[data-testid=reset-email] input, input[data-testid=reset-email]", "phone-layout@example.com");
            await page.ClickAsync("[data-testid=reset-create]");
            await Assertions.Expect(page.Locator("[data-testid=reset-link]")).ToBeVisibleAsync();
        }

        foreach (var variant in ScreenVariant.All)
        {
            await variant.ApplyAsync(page);
            await variant.ExpectThemeAsync(page);
            await variant.ShootAsync(page, "76-settings-key-and-reset-link");
        }

        // Every signed-in page, light then dark, on a desktop then on a phone (the theme follows the OS until the user picks one).
        foreach (var variant in ScreenVariant.All)
        {
            await variant.ApplyAsync(page);
            foreach (var (path, ready, shot) in _pages)
            {
                await page.GotoAsync(path);
                await BrowserFixture.WaitForCircuitAsync(page);
                await Assertions.Expect(page.Locator(ready).First).ToBeVisibleAsync();
                await variant.ExpectThemeAsync(page);
                var sticking = await page.EvaluateAsync<string[]>(StickingOutScript);
                overflowing.AddRange(sticking.Select(e => $"{path} ({variant.Name}): {e}"));
                await variant.ShootAsync(page, shot, checkSideways: false);
            }

            if (variant.IsPhone)
            {
                // The e-mail is hidden at this width; who is signed in is still one hover or long-press away.
                await Assertions.Expect(page.Locator("[data-testid=signed-in-user]")).ToBeHiddenAsync();
                await Assertions.Expect(page.Locator(".bc-user [title^='Signed in as']")).ToHaveAttributeAsync("title", "Signed in as phone-layout@example.com");
            }
        }

        Assert.True(overflowing.Count == 0, "Pages scroll sideways:\n" + string.Join('\n', overflowing));
    }
}
