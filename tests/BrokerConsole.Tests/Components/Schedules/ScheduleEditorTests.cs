using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Tests.Components.Pages;
using BrokerConsole.Web.Components.Schedules;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Components.Schedules;

public sealed class ScheduleEditorTests : ConsoleComponentTest
{
    private readonly FakeScheduleService _schedules = new();
    private readonly AccountSummary _kite = FakeAccountService.Account("Kite main");
    private readonly AccountSummary _dhan = FakeAccountService.Account("Dhan desk", BrokerKind.Dhan, "1100000001");

    public ScheduleEditorTests() => Services.AddSingleton<IScheduleService>(_schedules);

    private IRenderedComponent<ScheduleEditor> Render(ScheduleForm form, Action? saved = null) => Render<ScheduleEditor>(p => p
        .Add(e => e.Form, form)
        .Add(e => e.Accounts, [_kite, _dhan])
        .Add(e => e.Saved, () => saved?.Invoke()));

    private static void Type(IRenderedComponent<ScheduleEditor> editor, string testId, string value, int nth = 0) =>
        editor.FindAll($"[data-testid={testId}] input, input[data-testid={testId}]")[nth].Change(value);

    [Fact]
    public void Each_problem_shows_under_its_own_field_and_nothing_is_saved()
    {
        var form = ScheduleForm.New();
        form.Orders[0].OrderType = OrderType.Limit;
        var editor = Render(form);

        Type(editor, "schedule-time", "3pm");
        Type(editor, "order-symbol", "SBIN");
        editor.Find("[data-testid=save-schedule]").Click();

        // MudButton runs its click handler asynchronously: the render that shows the errors can come after Click()
        // returns on a loaded machine (this failed once in CI), so wait for that render, not for a time.
        editor.WaitForAssertion(() => Assert.Contains("Give the schedule a name (1 to 100 characters).", editor.Markup, StringComparison.Ordinal));
        Assert.Empty(_schedules.Created);
        var markup = editor.Markup;
        Assert.Contains("Choose at least one account.", markup, StringComparison.Ordinal);
        Assert.Contains("Enter the time as HH:mm (IST), e.g. 15:10.", markup, StringComparison.Ordinal);
        var order = editor.Find("[data-testid=schedule-order]");
        Assert.Contains("A LIMIT or SL order needs a price above 0.", order.TextContent, StringComparison.Ordinal);
        Assert.Empty(editor.FindAll("[data-testid=schedule-error]"));
    }

    [Fact]
    public void A_dhan_account_needs_a_security_id_as_the_symbol_before_the_schedule_is_saved()
    {
        var form = ScheduleForm.New();
        form.Name = "Dhan buys";
        form.AccountIds = [_dhan.Id];
        form.Orders[0].TradingSymbol = "sbin";
        var editor = Render(form);

        editor.Find("[data-testid=save-schedule]").Click();

        editor.WaitForAssertion(() => Assert.Contains("Dhan desk: Dhan takes the security id as the symbol", editor.Find("[data-testid=schedule-order]").TextContent, StringComparison.Ordinal));
        Assert.Empty(_schedules.Created);
    }

    [Fact]
    public void A_valid_schedule_is_saved_with_the_place_orders_switch_and_upper_case_symbol()
    {
        var saved = false;
        var form = ScheduleForm.New();
        form.Name = "Closing buys";
        form.AccountIds = [_kite.Id];
        var editor = Render(form, () => saved = true);

        Type(editor, "order-symbol", " infy ");
        Type(editor, "schedule-time", "15:20");
        editor.Find("[data-testid=schedule-auto] input").Change(true);
        editor.Find("[data-testid=save-schedule]").Click();

        editor.WaitForAssertion(() => Assert.Single(_schedules.Created));
        var draft = Assert.Single(_schedules.Created);
        Assert.True(saved);
        Assert.True(draft.AutoExecute);
        Assert.Equal(new TimeOnly(15, 20), draft.TimeOfDay);
        Assert.Equal("INFY", Assert.Single(draft.Orders).TradingSymbol);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], draft.Days);
    }

    [Fact]
    public void The_switch_says_what_it_does_and_the_service_refusal_is_shown()
    {
        _schedules.RefuseWith = ["Order 1 on Kite main: something the server knows."];
        var form = ScheduleForm.New();
        form.Name = "Closing buys";
        form.AccountIds = [_kite.Id];
        form.Orders[0].TradingSymbol = "INFY";
        var editor = Render(form);

        Assert.Contains("Place the orders at the scheduled time", editor.Find("[data-testid=schedule-auto]").TextContent, StringComparison.Ordinal);
        Assert.Contains("off = record the run, place nothing", editor.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Auto-execute", editor.Markup, StringComparison.OrdinalIgnoreCase);

        editor.Find("[data-testid=save-schedule]").Click();

        editor.WaitForAssertion(() => Assert.Contains("something the server knows", editor.Find("[data-testid=schedule-error]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void A_schedule_of_a_saved_basket_hides_its_own_orders_and_accounts_and_saves_only_the_basket()
    {
        var basket = new Core.Baskets.BasketView(Guid.NewGuid(), "Morning MIS",
            [new Core.Orders.OrderTicket { Exchange = "NSE", TradingSymbol = "SBIN", Quantity = 3 }], [new Core.Baskets.BasketTarget { AccountId = _kite.Id }],
            Core.Baskets.BasketQuantityRule.Same, DateTimeOffset.UnixEpoch);
        var form = ScheduleForm.New();
        form.Name = "Basket at 15:10";
        form.UsesBasket = true;
        var editor = Render<ScheduleEditor>(p => p.Add(e => e.Form, form).Add(e => e.Accounts, [_kite, _dhan]).Add(e => e.Baskets, [basket]));

        Assert.Empty(editor.FindAll("[data-testid=schedule-order]"));
        Assert.Empty(editor.FindAll("[data-testid=schedule-accounts]"));
        editor.Find("[data-testid=save-schedule]").Click();
        editor.WaitForAssertion(() => Assert.Contains("Choose a saved basket.", editor.Markup, StringComparison.Ordinal));
        Assert.Empty(_schedules.Created);

        form.BasketId = basket.Id;
        editor.Render();
        Assert.Contains("1 order(s) on 1 account(s)", editor.Find("[data-testid=schedule-basket-summary]").TextContent, StringComparison.Ordinal);
        editor.Find("[data-testid=save-schedule]").Click();

        editor.WaitForAssertion(() => Assert.Single(_schedules.Created));
        var draft = Assert.Single(_schedules.Created);
        Assert.Equal(basket.Id, draft.BasketId);
        Assert.Empty(draft.Orders);
        Assert.Empty(draft.AccountIds);
    }
}
