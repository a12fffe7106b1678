using BrokerConsole.Core.Notifications;
using MudBlazor;

namespace BrokerConsole.Web.Components.Pages;

/// <summary>
/// How one notification looks on the Notifications page: colour, icon and the link to what it is about. The colour
/// always comes with an icon and words, and a run with rejections is amber, never green.
/// </summary>
public sealed record NotificationLook(string CssTone, string Icon, Color Color, string? LinkText)
{
    public static NotificationLook For(NotificationView item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var tone = item.Tone != NotificationTone.Default ? item.Tone
            : item.Kind == NotificationKind.SessionExpired ? NotificationTone.Error : NotificationTone.Warning;
        var (css, color) = tone switch
        {
            NotificationTone.Success => ("success", Color.Success),
            NotificationTone.Error => ("expired", Color.Error),
            NotificationTone.Info => ("info", Color.Info),
            _ => ("warning", Color.Warning),
        };
        var icon = item.Kind switch
        {
            NotificationKind.SessionExpired => Icons.Material.Filled.LinkOff,
            NotificationKind.OrderRejected => Icons.Material.Filled.Block,
            NotificationKind.OrderFilled => Icons.Material.Filled.TaskAlt,
            NotificationKind.ScheduleRunFinished or NotificationKind.BasketRunFinished =>
                tone == NotificationTone.Success ? Icons.Material.Filled.PlaylistAddCheck : Icons.Material.Filled.ReportProblem,
            _ => Icons.Material.Filled.Schedule,
        };
        var linkText = item.Link is null ? null : item.Kind switch
        {
            NotificationKind.ScheduleRunFinished or NotificationKind.BasketRunFinished => "Open run",
            _ => "Open orders",
        };
        return new NotificationLook(css, icon, color, linkText);
    }
}
