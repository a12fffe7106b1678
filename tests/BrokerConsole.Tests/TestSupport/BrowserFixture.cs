using Microsoft.Playwright;

namespace BrokerConsole.Tests.TestSupport;

/// <summary>One running app and one headless Debian Chromium shared by the browser tests.</summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly List<IBrowserContext> _traced = [];
    private IPlaywright? _playwright;

    public RunningApp App { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Browser tests need Debian's Chromium at {ChromiumPath}: apt-get install -y chromium (the README's test command does this).");
        }

        // Expectations wait as long as actions do (15 s) rather than Playwright's 5 s: an expectation returns the moment
        // it holds, so this costs nothing when the machine is quick, and a loaded CI machine is not a failure.
        Assertions.SetDefaultExpectTimeout(15_000);
        App = await RunningApp.StartAsync(EnvironmentFor);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Without the background-networking flags Chromium floods the closed network with lookups.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>Environment variables of the app process; a derived fixture may add its own settings.</summary>
    protected virtual IDictionary<string, string> EnvironmentFor(Uri baseUrl) => SandboxDemo.EnvironmentFor(baseUrl);

    /// <summary>File name (under artifacts) for the app's log: several groups run their own app, each keeps its log.</summary>
    protected virtual string LogName => $"browser-app-{App.BaseUrl.Port}.log";

    public async Task DisposeAsync()
    {
        await SaveTracesAsync();
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (App is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(RepoPaths.Artifacts, LogName), App.Output);
            await App.DisposeAsync();
        }
    }

    /// <summary>A fresh browser context (its own cookies) with a page on the app.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
        });
        context.SetDefaultTimeout(15_000);
        if (Environment.GetEnvironmentVariable("BROKERCONSOLE_TRACE") == "1")
        {
            // A diagnosis aid for slow tests: each action's start and end, read with scripts/trace-actions.py.
            await context.Tracing.StartAsync(new TracingStartOptions { Screenshots = false, Snapshots = false });
            lock (_traced)
            {
                _traced.Add(context);
            }
        }

        return await context.NewPageAsync();
    }

    private async Task SaveTracesAsync()
    {
        var folder = Path.Combine(RepoPaths.Artifacts, "traces");
        for (var i = 0; i < _traced.Count; i++)
        {
            Directory.CreateDirectory(folder);
            await _traced[i].Tracing.StopAsync(new TracingStopOptions { Path = Path.Combine(folder, $"{GetType().Name}-{App.BaseUrl.Port}-{i}.zip") });
        }
    }

    /// <summary>Registers a new BrokerConsole user through the real form and waits for the live Accounts page.</summary>
    public async Task<IPage> RegisterAsync(string email)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/account/register");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", UserPassword);
        await page.FillAsync("#confirm", UserPassword);
        await page.ClickAsync("[data-testid=register]");
        // A group's first sign-up is the app's first Identity write and interactive render (JIT, EF's first insert,
        // Razor): on a loaded 2-core CI machine, with other groups' apps starting beside it, that alone took over 15 s.
        await page.WaitForURLAsync("**/accounts", new PageWaitForURLOptions { Timeout = FirstUseTimeout });
        await WaitForCircuitAsync(page);
        return page;
    }

    /// <summary>Adds the sandbox demo Zerodha account through the editor on the Accounts page; returns its card (no session yet).</summary>
    public async Task<ILocator> AddDemoKiteAccountAsync(IPage page, string displayName, string clientId = SandboxDemo.UserA)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.ClickAsync("[data-testid=add-account] >> nth=0");
        await page.FillAsync("[data-testid=field-DisplayName]", displayName);
        await page.FillAsync("[data-testid=field-ClientId]", clientId);
        await page.FillAsync("[data-testid=field-ApiKey]", SandboxDemo.ApiKey);
        await page.FillAsync("[data-testid=field-ApiSecret]", SandboxDemo.ApiSecret);
        await page.FillAsync("[data-testid=field-RedirectUrl]", new Uri(App.BaseUrl, "/connect/zerodha/callback").ToString());
        await page.ClickAsync("[data-testid=save-account]");
        var card = page.Locator($"[data-testid=account-card]:has-text('{displayName}')");
        try
        {
            await Assertions.Expect(card).ToHaveCountAsync(1);
        }
        catch (PlaywrightException ex)
        {
            // Once in a CI run the card never came and the server never created the account: keep what the dialog showed
            // (a field's error, the save error, the button's state) so the next failure names its cause.
            await ScreenshotAsync(page, $"failed-add-account-{displayName.Replace(' ', '-')}-{Guid.NewGuid():N}");
            var dialog = page.Locator(".mud-dialog");
            var shown = await dialog.CountAsync() > 0 ? await dialog.First.InnerTextAsync() : "(no dialog open)";
            throw new InvalidOperationException($"The account '{displayName}' did not appear after Save. The dialog showed: {shown}", ex);
        }

        return card;
    }

    /// <summary>The demo Zerodha account added and logged in through the popup the way a person does; waits for Active.</summary>
    public async Task<ILocator> AddConnectedDemoKiteAccountAsync(IPage page, string displayName)
    {
        var card = await AddDemoKiteAccountAsync(page, displayName);
        var popup = await page.RunAndWaitForPopupAsync(() => card.Locator("[data-testid=connect-account]").ClickAsync());
        await popup.WaitForLoadStateAsync();
        await KiteSandboxLogin.LogInAsync(popup, SandboxDemo.UserA, SandboxDemo.PasswordA);
        await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "Active");
        return card;
    }

    /// <summary>Picks the broker in the account editor (a radio group: the broker's name is its label).</summary>
    public static Task ChooseBrokerAsync(IPage page, string brokerName) =>
        page.Locator("[data-testid=field-Broker]").GetByText(brokerName, new() { Exact = true }).ClickAsync();

    /// <summary>Clicks the red button of the confirm dialog (Delete, Disconnect).</summary>
    public static Task ConfirmAsync(IPage page) => page.ClickAsync("[data-testid=confirm-ok]");

    /// <summary>A numeric field's input by its test id (the attribute sits on the field's wrapper or on the input itself).</summary>
    public static ILocator Numeric(IPage page, string testId) =>
        page.Locator($"[data-testid={testId}] input, input[data-testid={testId}]").First;

    /// <summary>
    /// Types a value into a MudNumericField and leaves it, then waits until the circuit holds that value: the field's
    /// wrapper mirrors the component's bound value in <c>data-value</c> (invariant, no trailing zeros). Why wait on
    /// that and not on the input: the input shows what was typed at once, while the value the dialog will send arrives
    /// with the change event's round trip; on a loaded machine a click on Modify could overtake it (seen once in CI
    /// with the previous component kit: a modify went out with the old price). The expectation polls the DOM, no fixed sleep.
    /// </summary>
    public static async Task FillNumericAsync(IPage page, string testId, string value)
    {
        ArgumentNullException.ThrowIfNull(page);
        var input = Numeric(page, testId);
        await input.FillAsync(value);
        await input.PressAsync("Tab");
        var expected = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture).ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(page.Locator($"[data-testid={testId}][data-value]").First).ToHaveAttributeAsync("data-value", expected);
    }

    /// <summary>An order's row on the Orders page by the console's tag (a grid row carries its identity on a marker inside it).</summary>
    public static ILocator OrderRow(IPage page, string tag) =>
        page.Locator($"tr:has([data-testid=order-row][data-tag={tag}])");

    /// <summary>Saves a full-page screenshot under artifacts/screenshots for people to look at.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(RepoPaths.Artifacts, "screenshots")).FullName;
        // Animations disabled: running dialog and toast animations are finished at once, so the picture shows what a
        // person sees once they settle, without a fixed pause before every shot.
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(folder, name + ".png"),
            FullPage = true,
            Animations = ScreenshotAnimations.Disabled,
        });
    }

    /// <summary>
    /// Fails when something else (a snackbar, an overlay) lies over the middle of the element, where a person clicks.
    /// Playwright itself would only wait until the cover went away, which hides the defect as a slow test.
    /// </summary>
    public static async Task AssertNotCoveredAsync(ILocator element)
    {
        ArgumentNullException.ThrowIfNull(element);
        var cover = await element.EvaluateAsync<string>(
            """
            e => {
              const r = e.getBoundingClientRect();
              const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
              return !hit || e === hit || e.contains(hit) ? "" : (hit.closest("[class]")?.className ?? hit.tagName);
            }
            """);
        Assert.True(cover.Length == 0, $"The element is covered by '{cover}'.");
    }

    /// <summary>The password <see cref="RegisterAsync"/> gives every browser-test user.</summary>
    public const string UserPassword = "browser-test-2026";

    /// <summary>
    /// Turns on the console's own second factor for the signed-in user, as a person does with an authenticator app (Otp.NET
    /// computes the code from the key the page shows), then returns to the Accounts page. Storing a Zerodha TOTP secret
    /// needs it on.
    /// </summary>
    public static async Task EnableTwoFactorAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/account/two-factor");
        var key = (await page.TextContentAsync("[data-testid=two-factor-key]"))!.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        await page.FillAsync("#enable-code", new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow));
        await page.ClickAsync("[data-testid=two-factor-enable]");
        await Assertions.Expect(page.Locator("[data-testid=recovery-code]")).ToHaveCountAsync(10);
        await page.GotoAsync("/accounts");
        await WaitForCircuitAsync(page);
    }

    /// <summary>Answers the "Confirm it is you" dialog with the user's password.</summary>
    public static async Task ConfirmPasswordAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.FillAsync("input[data-testid=reauth-password]", UserPassword);
        await page.ClickAsync("[data-testid=reauth-confirm]");
    }

    /// <summary>
    /// How long a step that is the app's first of its kind may take (cold code paths on a loaded machine). 60 s was
    /// exceeded once: KillSwitchBrowserTests' sign-up was its app's first, 10 s into a full run, while every other group,
    /// the PostgreSQL cluster and the in-process apps started beside it on 2 cores; alone it takes under 10 s.
    /// </summary>
    private const float FirstUseTimeout = 120_000;

    /// <summary>Waits for the Blazor circuit: clicks before it is live would be lost.</summary>
    public static Task WaitForCircuitAsync(IPage page) =>
        page.Locator("[data-circuit=ready]").WaitForAsync(new LocatorWaitForOptions { Timeout = FirstUseTimeout });
}
