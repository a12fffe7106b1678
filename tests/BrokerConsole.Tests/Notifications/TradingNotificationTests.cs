using System.Text;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Notifications;
using BrokerConsole.Core.Notifications.Telegram;
using BrokerConsole.Core.Notifications.Trading;
using BrokerConsole.Core.Orders;
using BrokerConsole.Tests.Sandbox.Kite;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.WebUtilities;

namespace BrokerConsole.Tests.Notifications;

/// <summary>
/// Trading notifications end to end: the order service places at the Kite sandbox, the notice is stored once, and the
/// Telegram copy reaches the Telegram sandbox over real HTTP, with Telegram's 429 and 401 answered as Telegram does.
/// </summary>
public sealed class TradingNotificationTests(SharedApp<NotificationsSandbox> app) : IClassFixture<SharedApp<NotificationsSandbox>>
{
    private static readonly TimeSpan _guard = TimeSpan.FromSeconds(30);

    private static OrderTicket Market(Guid accountId, int quantity) => new()
    {
        AccountId = accountId,
        Exchange = "NSE",
        TradingSymbol = "INFY",
        Side = Core.Brokers.TransactionType.Buy,
        Quantity = quantity,
        OrderType = Core.Brokers.OrderType.Market,
        Product = Core.Brokers.ProductType.Cnc,
    };

    private static TradingNotice Notice(Trader trader, NotificationKind kind, string message) =>
        new(trader.UserId, trader.AccountId, BrokerKind.Zerodha, kind, message, NotificationTone.Success, "test:" + Guid.NewGuid().ToString("N"), "orders");

    /// <summary>Completes with the dispatcher's verdict on the next message of <paramref name="ownerId"/>.</summary>
    private Task<TelegramSendStatus> NextDeliveryAsync(string ownerId, out Action unsubscribe)
    {
        var done = new TaskCompletionSource<TelegramSendStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatcher = app.Get<TelegramDispatcher>();
        Action<TelegramMessage, TelegramSendStatus> handler = (message, status) =>
        {
            if (message.OwnerId == ownerId)
            {
                done.TrySetResult(status);
            }
        };
        dispatcher.Finished += handler;
        unsubscribe = () => dispatcher.Finished -= handler;
        return done.Task.WaitAsync(_guard);
    }

    [Fact]
    public async Task A_rejected_order_gives_one_notification_and_one_telegram_message_though_polling_sees_it_twice()
    {
        await using var trader = await app.NewTraderWithSessionAsync(displayName: "Kite main");
        var token = await app.ConnectTelegramAsync(trader, known: true, NotificationKind.OrderRejected);
        var transitions = app.Get<OrderBookTransitions>();
        // The Orders page's poller has read the book once before the order (its baseline).
        await transitions.ObserveAsync(trader.UserId, await trader.Orders.GetTodayAsync());

        var result = await trader.Orders.PlaceAsync(Market(trader.AccountId, quantity: 5000));
        await transitions.ObserveAsync(trader.UserId, await trader.Orders.GetTodayAsync());
        await transitions.ObserveAsync(trader.UserId, await trader.Orders.GetTodayAsync());

        Assert.Equal(Core.Brokers.OrderStatus.Rejected, result.Order?.Status);
        var notice = Assert.Single(await trader.Inbox().ListAsync());
        Assert.Equal(NotificationKind.OrderRejected, notice.Kind);
        Assert.Equal(NotificationTone.Error, notice.Tone);
        Assert.Equal("orders", notice.Link);
        Assert.StartsWith("BUY 5000 NSE:INFY on Kite main was rejected: ", notice.Message, StringComparison.Ordinal);
        Assert.Contains("Insufficient funds", notice.Message, StringComparison.Ordinal);
        Assert.Equal(1, await trader.Inbox().UnreadCountAsync());
        await app.Telegram().WhenMessagesAsync(token, 1).WaitAsync(_guard);
        var message = Assert.Single(app.Telegram().Messages(token));
        Assert.Equal("424242", message.ChatId);
        Assert.Equal("BrokerConsole · Order rejected\n" + notice.Message, message.Text);
    }

    [Fact]
    public async Task A_fresh_login_answers_session_prompts_but_leaves_trading_notifications()
    {
        await using var trader = await app.NewTraderWithSessionAsync();
        await trader.Orders.PlaceAsync(Market(trader.AccountId, quantity: 5000));

        // Log in to the same account again, the popup's way.
        var loginUri = await trader.Sessions.BeginPopupLoginAsync(trader.AccountId);
        var redirectParams = QueryHelpers.ParseQuery(loginUri.Query)["redirect_params"].ToString();
        using var response = await app.Sandbox.PostLoginFormAsync(KiteSandboxHost.UserId, KiteSandboxHost.Password, app.Sandbox.CurrentTotp(), redirectParams);
        var back = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        Assert.True((await trader.Sessions.CompleteZerodhaLoginAsync(back["state"], back["status"], back["request_token"])).Succeeded);

        Assert.Equal(NotificationKind.OrderRejected, Assert.Single(await trader.Inbox().ListAsync()).Kind);
    }

    [Fact]
    public async Task A_fill_is_in_the_app_and_not_sent_to_telegram_when_that_kind_is_not_chosen()
    {
        await using var trader = await app.NewTraderWithSessionAsync();
        await app.ConnectTelegramAsync(trader, known: true, NotificationKind.OrderRejected);
        var telegram = app.Get<TelegramChannelStore>();

        var result = await trader.Orders.PlaceAsync(Market(trader.AccountId, quantity: 1));

        Assert.Equal(Core.Brokers.OrderStatus.Complete, result.Order?.Status);
        var notice = Assert.Single(await trader.Inbox().ListAsync());
        Assert.Equal(NotificationKind.OrderFilled, notice.Kind);
        Assert.Equal(NotificationTone.Success, notice.Tone);
        Assert.Contains($"(order {result.OrderId})", notice.Message, StringComparison.Ordinal);
        Assert.False(await telegram.WantsAsync(trader.UserId, NotificationKind.OrderFilled, CancellationToken.None));
    }

    [Fact]
    public async Task Telegrams_429_waits_its_retry_after_on_the_app_clock_then_sends_once()
    {
        await using var trader = await app.NewTraderWithSessionAsync();
        var token = await app.ConnectTelegramAsync(trader, known: true, NotificationKind.OrderFilled);
        app.Telegram().Throttle(token, retryAfterSeconds: 7);
        var answers = new List<int>();
        void Record(string t, int status)
        {
            if (t == token)
            {
                lock (answers)
                {
                    answers.Add(status);
                }
            }
        }

        var waiting = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Waiting(TimeSpan wait) => waiting.TrySetResult(wait);
        var dispatcher = app.Get<TelegramDispatcher>();
        app.Telegram().Answered += Record;
        dispatcher.WaitingToRetry += Waiting;
        var delivered = NextDeliveryAsync(trader.UserId, out var unsubscribe);
        try
        {
            Assert.True(await app.Get<TradingNotifier>().NotifyAsync(Notice(trader, NotificationKind.OrderFilled, "BUY 1 NSE:INFY on Sandbox filled.")));

            Assert.Equal(TimeSpan.FromSeconds(7), await waiting.Task.WaitAsync(_guard));
            Assert.Empty(app.Telegram().Messages(token));
            app.Clock.Advance(TimeSpan.FromSeconds(7));

            Assert.Equal(TelegramSendStatus.Sent, await delivered);
            Assert.Single(app.Telegram().Messages(token));
            lock (answers)
            {
                Assert.Equal([429, 200], answers);
            }

            Assert.Equal(TelegramChannelState.Working, (await trader.NotificationSettings().GetAsync()).TelegramState);
        }
        finally
        {
            app.Telegram().Answered -= Record;
            dispatcher.WaitingToRetry -= Waiting;
            unsubscribe();
        }
    }

    [Fact]
    public async Task A_401_marks_the_channel_broken_with_the_cause_and_the_in_app_notification_stands()
    {
        await using var trader = await app.NewTraderWithSessionAsync();
        await app.ConnectTelegramAsync(trader, known: false, NotificationKind.OrderFilled);
        var delivered = NextDeliveryAsync(trader.UserId, out var unsubscribe);
        try
        {
            Assert.True(await app.Get<TradingNotifier>().NotifyAsync(Notice(trader, NotificationKind.OrderFilled, "BUY 1 NSE:INFY filled.")));

            Assert.Equal(TelegramSendStatus.Unauthorized, await delivered);
        }
        finally
        {
            unsubscribe();
        }

        var settings = await trader.NotificationSettings().GetAsync();
        Assert.Equal(TelegramChannelState.Broken, settings.TelegramState);
        Assert.Contains("refused the bot token (Unauthorized)", settings.TelegramProblem, StringComparison.Ordinal);
        Assert.Single(await trader.Inbox().ListAsync());
        // Broken: nothing more is queued for it until the user saves a token again.
        Assert.False(await app.Get<TelegramChannelStore>().WantsAsync(trader.UserId, NotificationKind.OrderFilled, CancellationToken.None));
    }

    [Fact]
    public async Task A_first_channel_starts_with_rejections_and_run_results_and_a_replaced_one_keeps_the_traders_choice()
    {
        await using var trader = await app.NewTraderWithSessionAsync();
        var settings = trader.NotificationSettings();

        await settings.SaveTelegramAsync(TelegramTraders.NewToken(), "424242");
        var first = (await settings.GetAsync()).TelegramKinds;
        await settings.SetTelegramKindsAsync([NotificationKind.OrderFilled]);
        await settings.SaveTelegramAsync(TelegramTraders.NewToken(), "434343");

        Assert.True(first.SetEquals([NotificationKind.OrderRejected, NotificationKind.ScheduleRunFinished, NotificationKind.BasketRunFinished]), string.Join(", ", first));
        Assert.Equal([NotificationKind.OrderFilled], (await settings.GetAsync()).TelegramKinds);
    }

    [Fact]
    public async Task Send_test_message_reaches_the_chat_and_a_chat_that_blocked_the_bot_is_a_403_that_breaks_the_channel()
    {
        await using var trader = await app.NewTraderWithSessionAsync();
        var token = await app.ConnectTelegramAsync(trader, known: true);

        var sent = await trader.NotificationSettings().SendTestAsync();
        app.Telegram().BlockChat(token, "424242");
        var blocked = await trader.NotificationSettings().SendTestAsync();

        Assert.Equal(TelegramSendStatus.Sent, sent.Status);
        Assert.StartsWith("BrokerConsole · Test message", Assert.Single(app.Telegram().Messages(token)).Text, StringComparison.Ordinal);
        Assert.Equal(TelegramSendStatus.Forbidden, blocked.Status);
        var settings = await trader.NotificationSettings().GetAsync();
        Assert.Equal(TelegramChannelState.Broken, settings.TelegramState);
        Assert.Contains("bot was blocked by the user", settings.TelegramProblem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_token_is_refused_without_repeating_it()
    {
        await using var trader = await app.NewTraderWithSessionAsync();

        var refused = await Assert.ThrowsAsync<NotificationSettingsException>(() => trader.NotificationSettings().SaveTelegramAsync("not-a-token-secret-part", "424242"));

        Assert.DoesNotContain("secret-part", refused.Message, StringComparison.Ordinal);
        Assert.Equal(TelegramChannelState.None, (await trader.NotificationSettings().GetAsync()).TelegramState);
    }

    [Fact]
    public async Task The_bot_token_never_reaches_the_logs_or_the_database_file()
    {
        await using var trader = await app.NewTraderWithSessionAsync();
        const string chat = "-1009876543219876";
        var token = await app.ConnectTelegramAsync(trader, chat, known: true, NotificationKind.OrderRejected);
        var secretPart = token[(token.IndexOf(':', StringComparison.Ordinal) + 1)..];

        await trader.NotificationSettings().SendTestAsync();
        await trader.Orders.PlaceAsync(Market(trader.AccountId, quantity: 5000));
        await app.Telegram().WhenMessagesAsync(token, 2).WaitAsync(_guard);
        var view = await trader.NotificationSettings().GetAsync();

        Assert.Equal(token[..token.IndexOf(':', StringComparison.Ordinal)], view.BotId);
        Assert.DoesNotContain(secretPart, app.Logs.AllText, StringComparison.Ordinal);
        var database = Encoding.UTF8.GetString(app.ReadDatabaseBytes());
        Assert.DoesNotContain(secretPart, database, StringComparison.Ordinal);
        // The chat id is encrypted too.
        Assert.DoesNotContain(chat, database, StringComparison.Ordinal);
        Assert.Equal(chat, app.Telegram().Messages(token)[0].ChatId);
    }
}
