using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Faults;

/// <summary>
/// Issue #18 §1 out of process: the app under test is killed with a real kill -9 while its scheduled POSTs are held at
/// the proxy, started again on the same SQLite file and key ring, and the broker (another process) registers the held
/// requests only after the restarted run has read the book once and not found them. Each order exists exactly once at
/// the broker, and the run says what happened.
/// </summary>
[Collection(FaultSuite.Name)]
public sealed class KillRestartFaultTests(BrokerFaultHarness harness)
{
    private const int Accounts = 4;

    // Guards against a hang, never pauses: every wait is on a signal from the proxy or the child.
    private static readonly TimeSpan _guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Kill_9_with_orders_held_then_registered_late_after_the_restart_places_every_order_exactly_once()
    {
        var seed = await harness.SeedAsync();
        await FaultSeeds.MakeDueAsync(seed);
        var posts = harness.Proxy.Watch("POST", BrokerFaultHarness.PlacePath);
        harness.Proxy.Hold("POST", BrokerFaultHarness.PlacePath);
        try
        {
            await using (var first = await RunningApp.StartAsync(harness.AppEnvironment, seed.DataDirectory))
            {
                // Each account's first order has left the app and sits at the proxy; the second waits its turn.
                await posts.WhenAsync(Accounts).WaitAsync(_guard);
                await first.KillAsync();
                await SaveLogAsync("faults-killed-app.log", first);
            }

            var reads = harness.Proxy.Watch("GET", BrokerFaultHarness.OrdersPath);
            await using var second = await RunningApp.StartAsync(harness.AppEnvironment, seed.DataDirectory);
            try
            {
                // The restarted run reads each account's book and cannot find the held orders: not registered yet.
                await reads.WhenAnsweredAsync(Accounts).WaitAsync(_guard);
                Assert.Equal(Accounts, posts.Count);

                // Now the broker registers what the dead app sent. A re-send before they could no longer arrive would be a duplicate.
                await harness.Proxy.ReleaseHeldAsync(forward: true);
                using var api = Api(second, seed);
                var run = await WaitForFinishedRunAsync(api);

                Assert.Equal("Completed", run.GetProperty("status").GetString());
                var items = run.GetProperty("items").EnumerateArray().ToList();
                Assert.Equal(Accounts * 2, items.Count);
                Assert.All(items, i => Assert.True(i.GetProperty("status").GetString() == "Placed", i.ToString()));
                // One book read per account (the broker copy counts reads per key, as Kite does), every tag exactly once.
                foreach (var account in items.GroupBy(i => i.GetProperty("accountId").GetGuid()))
                {
                    var kiteUser = BrokerFaultHarness.KiteUsers[seed.AccountIds.ToList().IndexOf(account.Key)];
                    var counts = await harness.TagCountsAtBrokerAsync(kiteUser);
                    Assert.All(account, i => Assert.Equal(1, counts.GetValueOrDefault(i.GetProperty("tag").GetString()!)));
                }

                // Four held POSTs plus the four second orders: nothing else ever reached the proxy.
                Assert.Equal(Accounts * 2, posts.Count);
                var cut = run.GetProperty("interruption");
                Assert.Equal(Accounts, cut.GetProperty("foundInBook").GetInt32());
                Assert.Equal(0, cut.GetProperty("resent").GetInt32());

                // What the owner reads on the run page.
                var (note, times, status) = await RunPageAsync(second, seed, run.GetProperty("id").GetGuid());
                Assert.Equal("Completed", status);
                Assert.Matches(@"^Interrupted at \d\d:\d\d:\d\d, resumed at \d\d:\d\d:\d\d \(4 orders found in the book, 0 re-sent\)\.", note);
                Assert.Contains("the app was down is not counted", note, StringComparison.Ordinal);
                Assert.Contains("took", times, StringComparison.Ordinal);
            }
            finally
            {
                await SaveLogAsync("faults-restarted-app.log", second);
            }
        }
        finally
        {
            await harness.Proxy.ResetAsync();
            TestFolders.Delete(seed.DataDirectory);
        }
    }

    private static HttpClient Api(RunningApp app, FaultSeed seed)
    {
        var client = new HttpClient { BaseAddress = app.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", seed.ApiKey);
        return client;
    }

    /// <summary>
    /// The run as the REST API gives it, once it is no longer Running. The child gives no signal for that, so this polls
    /// the API with a bounded guard: the run waits out its resend window (seconds, set by configuration) first.
    /// </summary>
    private static async Task<JsonElement> WaitForFinishedRunAsync(HttpClient api)
    {
        using var guard = new CancellationTokenSource(_guard);
        while (true)
        {
            var runs = await api.GetFromJsonAsync<JsonElement>("/api/v1/runs", guard.Token);
            if (runs.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } latest
                && latest.GetProperty("status").GetString() != "Running")
            {
                return await api.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{latest.GetProperty("id").GetGuid()}", guard.Token);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), guard.Token);
        }
    }

    /// <summary>
    /// The run page as its owner sees it, in Chromium (the page renders over the circuit only): signed in through the
    /// real form, then the run's detail. Returns the interruption note and the header's times line.
    /// </summary>
    private static async Task<(string Note, string Times, string? Status)> RunPageAsync(RunningApp app, FaultSeed seed, Guid runId)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl.ToString() });
        context.SetDefaultTimeout(30_000);
        var login = await context.APIRequest.GetAsync("/account/login");
        var token = Regex.Match(await login.TextAsync(), "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = context.APIRequest.CreateFormData();
        form.Set("_handler", "login");
        form.Set("__RequestVerificationToken", token);
        form.Set("Form.Email", seed.Email);
        form.Set("Form.Password", seed.Password);
        var signedIn = await context.APIRequest.PostAsync("/account/login", new() { Form = form, MaxRedirects = 0 });
        Assert.Equal(302, signedIn.Status);

        var page = await context.NewPageAsync();
        await page.GotoAsync($"/schedules/runs/{runId}");
        var note = page.Locator("[data-testid=run-interruption]");
        await note.WaitForAsync();
        return (Squeeze(await note.InnerTextAsync()), Squeeze(await page.Locator("[data-testid=run-times]").InnerTextAsync()),
            await page.Locator("[data-testid=run-detail]").GetAttributeAsync("data-status"));
    }

    private static string Squeeze(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static Task SaveLogAsync(string name, RunningApp app) =>
        File.WriteAllTextAsync(Path.Combine(RepoPaths.Artifacts, name), app.Output);
}
