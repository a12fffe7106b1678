using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Notifications.Telegram;

/// <summary>One notification to copy to its owner's Telegram chat.</summary>
public sealed record TelegramMessage(string OwnerId, NotificationKind Kind, string Text);

/// <summary>
/// The bounded queue between whoever raises a notification (an order path, a run) and <see cref="TelegramDispatcher"/>:
/// offering never waits and never throws, so Telegram being slow or down cannot hold up an order or the in-app notice.
/// </summary>
public sealed class TelegramOutbox
{
    private readonly Channel<TelegramMessage> _queue;

    public TelegramOutbox(IOptions<TelegramOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _queue = Channel.CreateBounded<TelegramMessage>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    internal ChannelReader<TelegramMessage> Reader => _queue.Reader;

    /// <summary>False when the queue is full: the message is dropped (the in-app notification stands).</summary>
    public bool Offer(TelegramMessage message) => _queue.Writer.TryWrite(message);

    /// <summary>The text Telegram shows: the kind's label, then the notification's sentence.</summary>
    public static string Compose(NotificationKind kind, string message) => $"BrokerConsole · {NotificationKinds.Label(kind)}\n{message}";
}
