using BrokerConsole.Core.Events;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Notifications;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Web.Components.Layout;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BrokerConsole.Tests.Components.Pages;

public sealed class NotificationBadgeTests : ConsoleComponentTest
{
    private readonly FakeNotifications _inbox = new(3);
    private readonly UserEventHub<SessionChange> _notifier = new(NullLogger<UserEventHub<SessionChange>>.Instance);

    public NotificationBadgeTests()
    {
        Services.AddSingleton<INotificationService>(_inbox);
        Services.AddSingleton(_notifier);
        Services.AddSingleton<ICurrentUser>(new FakeCurrentUser("user-1"));
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void Shows_the_unread_count_and_links_to_the_inbox()
    {
        var badge = Render<NotificationBadge>();

        Assert.Equal("3", badge.Find("[data-testid=notification-count]").TextContent);
        Assert.Equal("notifications", badge.Find("[data-testid=notification-bell]").GetAttribute("href"));
        Assert.Equal("Notifications, 3 unread", badge.Find("[data-testid=notification-bell]").GetAttribute("aria-label"));
    }

    [Fact]
    public async Task A_session_change_recounts_and_zero_hides_the_count()
    {
        var badge = Render<NotificationBadge>();

        _inbox.Unread = 0;
        await _notifier.PublishAsync("user-1", new SessionChange(Guid.NewGuid(), SessionChangeKind.Connected, "Logged in"));

        badge.WaitForAssertion(() => Assert.Empty(badge.FindAll("[data-testid=notification-count]")));
        Assert.Equal("Notifications", badge.Find("[data-testid=notification-bell]").GetAttribute("aria-label"));
    }

    [Fact]
    public async Task Another_users_change_does_not_touch_this_badge()
    {
        var badge = Render<NotificationBadge>();

        _inbox.Unread = 7;
        await _notifier.PublishAsync("user-2", new SessionChange(Guid.NewGuid(), SessionChangeKind.Connected, "Logged in"));

        Assert.Equal("3", badge.Find("[data-testid=notification-count]").TextContent);
    }
}
