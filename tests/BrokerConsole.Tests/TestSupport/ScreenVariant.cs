using Microsoft.Playwright;

namespace BrokerConsole.Tests.TestSupport;

/// <summary>
/// One of the four ways every screen is looked at (issue #14): a 1280×800 desktop or a 390×844 phone, in the light or
/// the dark palette. The look tests walk one browser session through many screens in each variant: one session per
/// variant is far cheaper than one test per screen.
/// </summary>
public sealed record ScreenVariant(string Device, int Width, int Height, ColorScheme Scheme)
{
    public static readonly ScreenVariant DesktopLight = new("desktop", 1280, 800, ColorScheme.Light);
    public static readonly ScreenVariant DesktopDark = new("desktop", 1280, 800, ColorScheme.Dark);
    public static readonly ScreenVariant PhoneLight = new("phone", 390, 844, ColorScheme.Light);
    public static readonly ScreenVariant PhoneDark = new("phone", 390, 844, ColorScheme.Dark);

    /// <summary>All four, grouped by device so the viewport changes only twice.</summary>
    public static readonly IReadOnlyList<ScreenVariant> All = [DesktopLight, DesktopDark, PhoneLight, PhoneDark];

    public string Theme => Scheme == ColorScheme.Dark ? "dark" : "light";

    public bool IsPhone => Device == "phone";

    /// <summary>File-name suffix: <c>desktop-light</c>, <c>phone-dark</c>…</summary>
    public string Name => $"{Device}-{Theme}";

    private const string WiderThanViewport = "() => document.documentElement.scrollWidth > window.innerWidth + 1";

    // The innermost elements reaching past the window's right edge, named the way a developer finds them in the markup.
    private const string SidewaysCulprits = """
        () => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1))
            .slice(0, 3)
            .map(e => e.tagName.toLowerCase() + (e.dataset.testid ? `[data-testid=${e.dataset.testid}]` : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '') + ` "${(e.textContent || '').trim().slice(0, 40)}"`)
            .join('; ')
        """;

    private const string TablesScrollingSideways = """
        scope => [...document.querySelectorAll(scope + ' .mud-table-container')]
            .filter(t => t.scrollWidth > t.clientWidth + 1)
            .map(t => `${t.closest('[data-testid]')?.getAttribute('data-testid') ?? 'table'}: ${t.scrollWidth}px in ${t.clientWidth}px`)
        """;

    /// <summary>
    /// On a desktop, the tables under <paramref name="scope"/> show every column without scrolling inside their box:
    /// a clipped Status or an off-screen Actions column is the frown, not something to scroll for at 1280 px.
    /// (On a phone the grids stack rows into cards instead.)
    /// </summary>
    public async Task ExpectTablesFitAsync(IPage page, string scope)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!IsPhone)
        {
            var scrolling = await page.EvaluateAsync<string[]>(TablesScrollingSideways, scope);
            Assert.True(scrolling.Length == 0, $"{Name}: tables scroll sideways: {string.Join("; ", scrolling)}");
        }
    }

    /// <summary>Sizes the page and sets the OS colour preference (the app follows it until the user picks a theme).</summary>
    public async Task ApplyAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.SetViewportSizeAsync(Width, Height);
        await page.EmulateMediaAsync(new() { ColorScheme = Scheme });
        // The responsive drawer follows the new width a moment later (MudBlazor's resize listener), then slides: a click
        // before that lands where a button was. BasketBrowserTests' Preview click once hit the page as the drawer opened
        // beside it after the phone shots. The layout is taken as settled when the drawer is in this width's state
        // (open from the md breakpoint, 960 px, closed below) and nothing moves (a condition, not a pause).
        await page.WaitForFunctionAsync(
            """
            desktop => {
                const drawer = document.querySelector('.mud-drawer');
                const placed = !drawer || drawer.classList.contains('mud-drawer--open') === desktop;
                return placed && document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity);
            }
            """,
            Width >= 960);
    }

    /// <summary>Waits until the signed-in layout shows this variant's palette (it follows the OS preference live).</summary>
    public Task ExpectThemeAsync(IPage page) =>
        Assertions.Expect(page.Locator(".bc-body")).ToHaveAttributeAsync("data-theme", Theme);

    /// <summary>
    /// Saves <c>{name}-{device}-{theme}.png</c> and fails when the page scrolls sideways as a whole: a trader never
    /// scrolls a page sideways to reach a column or a button (a wide table scrolls inside its own box).
    /// </summary>
    /// <param name="page">The page to shoot.</param>
    /// <param name="name">The screen's name; the variant is appended.</param>
    /// <param name="checkSideways">False where the caller collects what sticks out itself, to report every element at once.</param>
    public async Task ShootAsync(IPage page, string name, bool checkSideways = true)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (checkSideways)
        {
            // A snackbar slides in from beyond the right edge: while it moves, the page is briefly wider than the window.
            // The layout is judged once nothing is animating (a condition, not a pause).
            await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity)");
            if (await page.EvaluateAsync<bool>(WiderThanViewport))
            {
                await BrowserFixture.ScreenshotAsync(page, $"{name}-{Name}-sideways");
                Assert.Fail($"{name}, {Name}: the page scrolls sideways, past the edge: {await page.EvaluateAsync<string>(SidewaysCulprits)}");
            }
        }

        // A full-page picture draws fixed elements (the desktop drawer) at the first screen's height only, so a long page
        // looked as if the drawer stopped half-way over the content. Without a dialog open, the window is made as tall as
        // the page for the picture: what a trader sees while scrolling, the drawer beside the content all the way down.
        var tall = await page.EvaluateAsync<int>("() => document.querySelector('.mud-dialog') ? 0 : document.documentElement.scrollHeight");
        if (tall > Height)
        {
            await page.SetViewportSizeAsync(Width, tall);
        }

        await BrowserFixture.ScreenshotAsync(page, $"{name}-{Name}");
        if (tall > Height)
        {
            await page.SetViewportSizeAsync(Width, Height);
        }
    }
}
