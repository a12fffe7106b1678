using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Portfolio;
using BrokerConsole.Tests.Components.Accounts;
using BrokerConsole.Web.Components;
using BrokerConsole.Web.Components.Orders;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;

namespace BrokerConsole.Tests.Components.Orders;

/// <summary>The Orders page: one poller per user whatever the tabs, only while visible and connected; stale rows kept; actions show at once.</summary>
public sealed class OrdersPageTests : ConsoleComponentTest
{
    private const string UserId = "user-1";
    private static readonly AccountSummary _account = AccountSamples.Account(name: "Kite main");
    private readonly FakeOrderService _orders = new();
    private readonly FakeTimeProvider _clock = new(AccountSamples.Now);
    private readonly OrderBookPoller _poller;
    private readonly CircuitConnection _connection = new();

    public OrdersPageTests()
    {
        _poller = new OrderBookPoller(_clock, NullLogger<OrderBookPoller>.Instance);
        Services.AddSingleton<IOrderService>(_orders);
        Services.AddSingleton<IAccountService>(new BrokerConsole.Tests.Components.Pages.FakeAccountService(_account));
        Services.AddSingleton(new UserEventHub<OrderUpdate>(NullLogger<UserEventHub<OrderUpdate>>.Instance));
        Services.AddSingleton<ICurrentUser>(new BrokerConsole.Tests.Components.Pages.FakeCurrentUser(UserId));
        Services.AddSingleton<TimeProvider>(_clock);
        Services.AddSingleton(_poller);
        Services.AddSingleton(_connection);
        _orders.Today = Book(Order("1001", OrderStatus.Open, "OPEN"));
    }

    private static BrokerOrder Order(string id, OrderStatus status, string raw, string exchange = "NSE", decimal price = 600m) => new()
    {
        OrderId = id,
        Status = status,
        RawStatus = raw,
        TradingSymbol = exchange == "CDS" ? "USDINR21JUNFUT" : "SBIN",
        Exchange = exchange,
        TransactionType = TransactionType.Buy,
        OrderType = OrderType.Limit,
        Quantity = 1,
        Price = price,
        PlacedAt = AccountSamples.Now,
    };

    private OrdersSnapshot Book(params BrokerOrder[] orders) =>
        new([new AccountOrders(_account.Id, _account.DisplayName, BrokerKind.Zerodha, orders, [])], [], _clock.GetUtcNow());

    private IRenderedComponent<MudDialogProvider>? _dialogs;

    private IRenderedComponent<OrdersPage> RenderPage()
    {
        Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
        return Render<OrdersPage>();
    }

    private static string Status(IRenderedComponent<OrdersPage> page, string orderId) =>
        page.Find($"[data-testid=order-row][data-order-id='{orderId}']").Closest("tr")!.QuerySelector("[data-testid=order-status]")!.TextContent.Trim();

    [Fact]
    public void Two_tabs_of_one_user_share_one_poll_per_interval()
    {
        var first = RenderPage();
        var second = Render<OrdersPage>();
        first.WaitForAssertion(() => Assert.Equal("Open", Status(first, "1001")));
        second.WaitForAssertion(() => Assert.Equal("Open", Status(second, "1001")));
        var readsBefore = _orders.TodayReads;
        _orders.Today = Book(Order("1001", OrderStatus.Complete, "COMPLETE"));

        _clock.Advance(OrderBookPoller.Interval);

        first.WaitForAssertion(() => Assert.Equal("Complete", Status(first, "1001")));
        second.WaitForAssertion(() => Assert.Equal("Complete", Status(second, "1001")));
        Assert.Equal(readsBefore + 1, _orders.TodayReads);
    }

    [Fact]
    public async Task Nothing_polls_while_the_tab_is_hidden_or_disconnected_and_a_shown_tab_catches_up()
    {
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(1, _poller.Watchers(UserId)));

        await page.InvokeAsync(() => page.Instance.SetVisible(false));
        Assert.Equal(0, _poller.Watchers(UserId));

        _orders.Today = Book(Order("1001", OrderStatus.Cancelled, "CANCELLED"));
        await page.InvokeAsync(() => page.Instance.SetVisible(true));
        Assert.Equal(1, _poller.Watchers(UserId));
        page.WaitForAssertion(() => Assert.Equal("Cancelled", Status(page, "1001")));

        await page.InvokeAsync(() => _connection.Set(false));
        page.WaitForAssertion(() => Assert.Equal(0, _poller.Watchers(UserId)));
        await page.InvokeAsync(() => _connection.Set(true));
        page.WaitForAssertion(() => Assert.Equal(1, _poller.Watchers(UserId)));

        await page.Instance.DisposeAsync();
        Assert.Equal(0, _poller.Watchers(UserId));
    }

    [Fact]
    public void A_failed_read_keeps_the_accounts_last_good_rows_marked_stale_with_their_time()
    {
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal("Open", Status(page, "1001")));
        var readAt = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromSeconds(2));
        _orders.Today = new OrdersSnapshot([], [new AccountIssue(_account.Id, _account.DisplayName, AccountIssueKind.RateLimited, "Kite says: Too many requests.")], _clock.GetUtcNow());

        page.Find("[data-testid=refresh-orders]").Click();

        page.WaitForAssertion(() => Assert.Contains("Too many requests", page.Find("[data-testid=account-issue]").TextContent, StringComparison.Ordinal));
        Assert.Equal("true", page.Find("[data-testid=order-row][data-order-id='1001']").GetAttribute("data-stale"));
        Assert.Contains(OrderFormat.Time(readAt), page.Find("[data-testid=order-stale]").TextContent, StringComparison.Ordinal);
        Assert.Contains(OrderFormat.Time(readAt), page.Find("[data-testid=stale-note]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cancel_updates_its_row_at_once_even_while_a_refresh_is_in_flight()
    {
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal("Open", Status(page, "1001")));
        _orders.CancelAnswer = (_, id) => new OrderActionResult(true, $"Cancelled order {id}.", Order(id, OrderStatus.Cancelled, "CANCELLED"));
        _orders.TodayGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        page.Find("[data-testid=refresh-orders]").Click(); // held: the broker is slow to answer

        page.Find("[data-testid=order-row][data-order-id='1001']").Closest("tr")!.QuerySelector("[data-testid=cancel-order]")!.Click();
        _dialogs!.WaitForElement("[data-testid=confirm-cancel-order]").Click();

        page.WaitForAssertion(() => Assert.Equal("Cancelled", Status(page, "1001")));
        // The read that was in flight lands with the row as it was before the cancel: the screen keeps the cancel.
        _orders.Today = Book(Order("1001", OrderStatus.Open, "OPEN"), Order("1002", OrderStatus.Open, "OPEN"));
        _orders.TodayGate.SetResult();
        page.WaitForAssertion(() => Assert.Equal("Open", Status(page, "1002")));
        Assert.Equal("Cancelled", Status(page, "1001"));
    }

    [Fact]
    public async Task A_refresh_still_in_flight_when_the_page_goes_away_ends_without_an_error()
    {
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal("Open", Status(page, "1001")));
        _orders.TodayGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _orders.TodayIgnoresCancellation = true;
        var reads = _orders.TodayReads;
        var refreshing = page.Find("[data-testid=refresh-orders]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
        page.WaitForAssertion(() => Assert.Equal(reads + 1, _orders.TodayReads)); // held: the broker is slow to answer

        // The user navigates away: the page is disposed while its refresh waits (seen in CI, where it killed the circuit).
        await page.Instance.DisposeAsync();
        _orders.TodayGate.SetResult();

        await refreshing;
        // What the circuit would die of: an exception the renderer caught from the page's handler.
        var unhandled = Renderer.UnhandledException;
        Assert.False(unhandled.IsCompleted, unhandled.IsCompleted ? (await unhandled).ToString() : "");
    }

    [Fact]
    public void Status_reads_as_a_word_with_the_brokers_own_in_the_tooltip_and_currency_prices_have_four_decimals()
    {
        _orders.Today = Book(Order("2001", OrderStatus.Open, "6"), Order("2002", OrderStatus.Complete, "TRADED", "CDS", 72.755m));

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Equal("Open", Status(page, "2001")));
        Assert.Equal("Complete", Status(page, "2002"));
        var chip = page.Find("[data-testid=order-row][data-order-id='2002']").Closest("tr")!.QuerySelector("[data-testid=order-status]")!;
        Assert.Contains("TRADED", chip.GetAttribute("title"), StringComparison.Ordinal);
        Assert.Contains("72.7550", page.Find("[data-testid=order-row][data-order-id='2002']").Closest("tr")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Placements_read_not_placed_not_the_enum_name()
    {
        var intents = new[]
        {
            new OrderIntent { OwnerId = UserId, Tag = "bctest0000000001", Summary = "BUY 1 NSE:SBIN", Status = OrderIntentStatus.NotPlaced, CreatedAt = AccountSamples.Now },
        };

        var table = Render<PlacementsTable>(p => p.Add(t => t.Intents, intents));

        Assert.Contains("Not placed", table.Find("[data-testid=intent-row]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("NotPlaced", table.Find("[data-testid=intent-row]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_postback_shows_what_the_broker_says_not_the_status_and_symbol_in_its_body()
    {
        var snackbars = Render<MudSnackbarProvider>();
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal("Open", Status(page, "1001")));
        _orders.Today = Book(Order("1001", OrderStatus.Complete, "COMPLETE"));

        var updates = Services.GetRequiredService<UserEventHub<OrderUpdate>>();
        await updates.PublishAsync(UserId, new OrderUpdate(_account.Id, "1001", "REJECTED", "FORGED<b>SYMBOL</b>"));

        page.WaitForAssertion(() => Assert.Contains("SBIN", snackbars.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain("FORGED", snackbars.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("FORGED", page.Markup, StringComparison.Ordinal);
        Assert.Contains(OrderStatusText.KiteWord("COMPLETE"), snackbars.Markup, StringComparison.Ordinal);
    }
}
