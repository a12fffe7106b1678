using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Core.Events;

/// <summary>
/// One kind of user event that crosses nodes: its stable name on the wire (a type's CLR name may change with a
/// refactoring, and two nodes of different builds must still agree), how to shorten it when its JSON would exceed
/// PostgreSQL's notification limit, and how a receiving node hands it to its own <see cref="UserEventHub{TEvent}"/>.
/// </summary>
public sealed class CrossNodeEventKind
{
    private readonly Func<object, int, object> _shorten;
    private readonly Func<IServiceProvider, string, JsonElement, Task> _deliver;

    private CrossNodeEventKind(string name, Type eventType, Func<object, int, object> shorten, Func<IServiceProvider, string, JsonElement, Task> deliver)
    {
        Name = name;
        EventType = eventType;
        _shorten = shorten;
        _deliver = deliver;
    }

    /// <summary>The name in the envelope, e.g. <c>session-change</c>.</summary>
    public string Name { get; }

    public Type EventType { get; }

    /// <param name="name">The wire name: never change it once nodes run it (a node ignores a kind it does not know).</param>
    /// <param name="shorten">The event with each free text cut to at most the given number of characters.</param>
    public static CrossNodeEventKind For<TEvent>(string name, Func<TEvent, int, TEvent> shorten)
        where TEvent : notnull
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(shorten);
        return new CrossNodeEventKind(
            name,
            typeof(TEvent),
            (change, limit) => shorten((TEvent)change, limit),
            (services, ownerId, payload) =>
            {
                var change = payload.Deserialize<TEvent>(CrossNodeEventCodec.Json)
                    ?? throw new JsonException($"A {name} event without a body.");
                return services.GetRequiredService<UserEventHub<TEvent>>().DeliverLocallyAsync(ownerId, change);
            });
    }

    internal object Shorten(object change, int limit) => _shorten(change, limit);

    /// <summary>Gives a remote node's event to this node's subscribers of <paramref name="ownerId"/>.</summary>
    internal Task DeliverAsync(IServiceProvider services, string ownerId, JsonElement payload) => _deliver(services, ownerId, payload);
}

/// <summary>The kinds this node knows, by event type (sending) and by wire name (receiving).</summary>
public sealed class CrossNodeEventKinds
{
    private readonly Dictionary<Type, CrossNodeEventKind> _byType = [];
    private readonly Dictionary<string, CrossNodeEventKind> _byName = new(StringComparer.Ordinal);

    public CrossNodeEventKinds(IEnumerable<CrossNodeEventKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        foreach (var kind in kinds)
        {
            // Two types under one name would deliver one as the other: refuse to start rather than mix them up.
            if (!_byName.TryAdd(kind.Name, kind) || !_byType.TryAdd(kind.EventType, kind))
            {
                throw new InvalidOperationException($"The cross-node event kind '{kind.Name}' ({kind.EventType.Name}) is registered twice.");
            }
        }
    }

    public IReadOnlyCollection<CrossNodeEventKind> All => _byName.Values;

    public bool TryFind(Type eventType, [NotNullWhen(true)] out CrossNodeEventKind? kind) => _byType.TryGetValue(eventType, out kind);

    public bool TryFind(string name, [NotNullWhen(true)] out CrossNodeEventKind? kind) => _byName.TryGetValue(name, out kind);
}

/// <summary>Cuts an event's free text (a broker's reason, a message) so its envelope fits a notification.</summary>
public static class EventText
{
    public const string Ellipsis = "…";

    /// <summary><paramref name="text"/> when it is at most <paramref name="limit"/> characters, else its start and "…", never half a surrogate pair.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Cut(string? text, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 2);
        if (text is null || text.Length <= limit)
        {
            return text;
        }

        var keep = limit - Ellipsis.Length;
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), Ellipsis);
    }
}
