namespace BrokerConsole.Core.Notifications;

/// <summary>
/// The signed-in user's notifications. The owner always comes from the current user; another user's
/// notification id behaves exactly like an unknown one.
/// </summary>
public interface INotificationService
{
    /// <summary>Notifications not yet dismissed, newest first.</summary>
    Task<IReadOnlyList<NotificationView>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Notifications neither read nor dismissed (the top-bar badge).</summary>
    Task<int> UnreadCountAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks every notification of the user as read (the page was opened).</summary>
    Task MarkAllReadAsync(CancellationToken cancellationToken = default);

    /// <summary>Hides one notification.</summary>
    /// <exception cref="NotificationNotFoundException">Unknown, already deleted, or another user's.</exception>
    Task DismissAsync(Guid notificationId, CancellationToken cancellationToken = default);

    /// <summary>Hides every notification of the user; returns how many.</summary>
    Task<int> DismissAllAsync(CancellationToken cancellationToken = default);
}
