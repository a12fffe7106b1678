using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Notifications;
using BrokerConsole.Web.Components.Pages;
using MudBlazor;

namespace BrokerConsole.Tests.Components.Pages;

/// <summary>Each notification's colour, icon and link on the Notifications page.</summary>
public sealed class NotificationLookTests
{
    private static NotificationView View(NotificationKind kind, NotificationTone tone = NotificationTone.Default, string? link = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "Kite main", BrokerKind.Zerodha, kind, "m", DateTimeOffset.UnixEpoch, false, link, tone);

    [Fact]
    public void A_run_with_rejections_is_amber_with_a_warning_icon_and_a_link_to_the_run()
    {
        var look = NotificationLook.For(View(NotificationKind.BasketRunFinished, NotificationTone.Warning, "schedules/runs/1"));

        Assert.Equal(("warning", Color.Warning, Icons.Material.Filled.ReportProblem, "Open run"), (look.CssTone, look.Color, look.Icon, look.LinkText));
    }

    [Fact]
    public void A_clean_run_is_green()
    {
        var look = NotificationLook.For(View(NotificationKind.ScheduleRunFinished, NotificationTone.Success, "schedules/runs/1"));

        Assert.Equal(("success", Color.Success, Icons.Material.Filled.PlaylistAddCheck), (look.CssTone, look.Color, look.Icon));
    }

    [Fact]
    public void A_rejection_is_red_and_a_fill_green_both_linking_the_orders()
    {
        var rejected = NotificationLook.For(View(NotificationKind.OrderRejected, NotificationTone.Error, "orders"));
        var filled = NotificationLook.For(View(NotificationKind.OrderFilled, NotificationTone.Success, "orders"));

        Assert.Equal(("expired", Color.Error, Icons.Material.Filled.Block, "Open orders"), (rejected.CssTone, rejected.Color, rejected.Icon, rejected.LinkText));
        Assert.Equal(("success", Color.Success, Icons.Material.Filled.TaskAlt), (filled.CssTone, filled.Color, filled.Icon));
    }

    [Fact]
    public void Session_notifications_keep_their_look()
    {
        Assert.Equal(Color.Error, NotificationLook.For(View(NotificationKind.SessionExpired)).Color);
        Assert.Equal(Color.Warning, NotificationLook.For(View(NotificationKind.SessionExpiringSoon)).Color);
        Assert.Null(NotificationLook.For(View(NotificationKind.MorningLoginReminder)).LinkText);
    }
}
