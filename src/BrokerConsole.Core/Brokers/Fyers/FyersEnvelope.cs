using System.Text.Json;

namespace BrokerConsole.Core.Brokers.Fyers;

/// <summary>
/// The part of every Fyers v3 answer the transport decides on: <c>s</c> (<c>ok</c> or <c>error</c>), the (negative on
/// error) <c>code</c> and the <c>message</c>. Read leniently: a field of an unexpected type is treated as absent,
/// because the status and the code still decide.
/// </summary>
internal sealed record FyersEnvelope(string? S, int? Code, string? Message)
{
    public static FyersEnvelope Read(JsonElement root) => new(
        Text(root, "s"),
        root.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var c) ? c : null,
        Text(root, "message"));

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
