using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BrokerConsole.Core.Events;

/// <summary>
/// What one notification carries: the event kind, whose event it is, the event itself, and the node that published it
/// (which delivered it to its own tabs already and so skips its own echo). <see cref="Sequence"/> makes every envelope
/// unique, because PostgreSQL folds identical payloads sent in one transaction into one notification.
/// </summary>
public sealed record CrossNodeEnvelope(string Kind, string User, Guid Origin, long Sequence, JsonElement Payload);

/// <summary>Envelopes to and from notification text, within PostgreSQL's payload limit.</summary>
public static class CrossNodeEventCodec
{
    /// <summary>PostgreSQL refuses a NOTIFY payload of 8000 bytes or more (its default build).</summary>
    public const int PayloadLimitBytes = 8000;

    // Each try cuts the event's free text harder; an event still too long after the last is not sent (logged).
    private static readonly int[] _textLimits = [1000, 200, 40];

    /// <summary>Web defaults (camelCase) with enums as names: a node of a later build that reorders an enum still agrees.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The notification text for <paramref name="change"/>, shortened if needed; null when even the shortest does not fit.</summary>
    public static string? Encode(CrossNodeEventKind kind, string ownerId, object change, Guid origin, long sequence)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var text = Write(kind, ownerId, change, origin, sequence);
        foreach (var limit in _textLimits)
        {
            if (Fits(text))
            {
                return text;
            }

            text = Write(kind, ownerId, kind.Shorten(change, limit), origin, sequence);
        }

        return Fits(text) ? text : null;
    }

    /// <exception cref="JsonException">Not an envelope (another program notifying on the channel, a damaged payload).</exception>
    public static CrossNodeEnvelope Decode(string payload)
    {
        var envelope = JsonSerializer.Deserialize<CrossNodeEnvelope>(payload, Json);
        return envelope is { Kind.Length: > 0, User.Length: > 0 } && envelope.Payload.ValueKind == JsonValueKind.Object
            ? envelope
            : throw new JsonException("Not a cross-node event envelope.");
    }

    public static bool Fits(string text) => Encoding.UTF8.GetByteCount(text) < PayloadLimitBytes;

    private static string Write(CrossNodeEventKind kind, string ownerId, object change, Guid origin, long sequence) =>
        JsonSerializer.Serialize(new CrossNodeEnvelope(kind.Name, ownerId, origin, sequence, JsonSerializer.SerializeToElement(change, kind.EventType, Json)), Json);
}
