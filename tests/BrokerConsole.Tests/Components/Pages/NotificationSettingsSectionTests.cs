using BrokerConsole.Core.Events;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Notifications;
using BrokerConsole.Core.Notifications.Telegram;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Web.Components.Pages;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BrokerConsole.Tests.Components.Pages;

public sealed class NotificationSettingsSectionTests : ConsoleComponentTest
{
    private const string Token = "7000000123:AAsecretPartThatMustNeverBeRendered42";
    private readonly FakeNotificationSettings _settings = new();
    private readonly UserEventHub<SessionChange> _notifier = new(NullLogger<UserEventHub<SessionChange>>.Instance);

    public NotificationSettingsSectionTests()
    {
        Services.AddSingleton<INotificationSettingsService>(_settings);
        Services.AddSingleton(_notifier);
        Services.AddSingleton<ICurrentUser>(new FakeCurrentUser("user-1"));
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void Saving_a_bot_stores_it_clears_the_field_and_never_renders_the_token()
    {
        var section = Render<NotificationSettingsSection>();
        Assert.Equal("Not set up", section.Find("[data-testid=telegram-state]").TextContent.Trim());

        section.Find("input[data-testid=telegram-token]").Change(Token);
        section.Find("input[data-testid=telegram-chat]").Change("424242");
        section.Find("[data-testid=telegram-save]").Click();

        Assert.Equal((Token, "424242"), _settings.Saved);
        Assert.Equal("Not tested yet", section.Find("[data-testid=telegram-state]").TextContent.Trim());
        Assert.Contains("7000000123", section.Find("[data-testid=telegram-stored]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("secretPart", section.Markup, StringComparison.Ordinal);
        Assert.Empty(section.FindAll("input[data-testid=telegram-token]"));
    }

    [Fact]
    public void A_broken_channel_says_why_in_red_and_updates_when_the_background_send_breaks_it()
    {
        _settings.State = TelegramChannelState.Working;
        var section = Render<NotificationSettingsSection>();
        Assert.Equal("Working", section.Find("[data-testid=telegram-state]").TextContent.Trim());

        _settings.State = TelegramChannelState.Broken;
        _settings.Problem = "Telegram refused the bot token (Unauthorized): paste the token BotFather gave you again.";
        _ = _notifier.PublishAsync("user-1", new SessionChange(Guid.Empty, SessionChangeKind.NotificationsChanged, ""));

        section.WaitForAssertion(() => Assert.Equal("Broken", section.Find("[data-testid=telegram-state]").TextContent.Trim()));
        var problem = section.Find("[data-testid=telegram-problem]");
        Assert.Contains("refused the bot token (Unauthorized)", problem.TextContent, StringComparison.Ordinal);
        Assert.Contains("mud-error-text", problem.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void Send_test_message_shows_telegrams_answer()
    {
        _settings.State = TelegramChannelState.Unverified;
        _settings.TestAnswer = new TelegramSendResult(TelegramSendStatus.Forbidden, "Forbidden: bot was blocked by the user");
        var section = Render<NotificationSettingsSection>();

        section.Find("[data-testid=telegram-test]").Click();

        Assert.Contains("bot was blocked by the user", section.Find("[data-testid=telegram-result]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_trading_kind_is_an_opt_in()
    {
        var section = Render<NotificationSettingsSection>();

        section.Find("[data-testid=telegram-kind-OrderRejected] input, input[data-testid=telegram-kind-OrderRejected]").Change(true);
        section.Find("[data-testid=telegram-kind-BasketRunFinished] input, input[data-testid=telegram-kind-BasketRunFinished]").Change(true);

        Assert.Equal([NotificationKind.OrderRejected, NotificationKind.BasketRunFinished], _settings.Kinds);
    }

    private sealed class FakeNotificationSettings : INotificationSettingsService
    {
        public List<NotificationKind> Kinds { get; } = [];

        public TelegramChannelState State { get; set; }

        public string? Problem { get; set; }

        public (string Token, string Chat)? Saved { get; private set; }

        public TelegramSendResult TestAnswer { get; set; } = new(TelegramSendStatus.Sent, null);

        public Task<NotificationSettingsView> GetAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(new NotificationSettingsView(Kinds.ToHashSet(), State, State == TelegramChannelState.None ? null : "7000000123",
                State == TelegramChannelState.None ? null : "…242", Problem, null));

        public Task SetTelegramKindsAsync(IEnumerable<NotificationKind> kinds, CancellationToken cancellationToken = default)
        {
            var chosen = kinds.ToList();
            Kinds.Clear();
            Kinds.AddRange(chosen);
            return Task.CompletedTask;
        }

        public Task SaveTelegramAsync(string botToken, string chatId, CancellationToken cancellationToken = default)
        {
            Saved = (botToken, chatId);
            State = TelegramChannelState.Unverified;
            return Task.CompletedTask;
        }

        public Task RemoveTelegramAsync(CancellationToken cancellationToken = default)
        {
            State = TelegramChannelState.None;
            return Task.CompletedTask;
        }

        public Task<TelegramSendResult> SendTestAsync(CancellationToken cancellationToken = default) => Task.FromResult(TestAnswer);
    }
}
