using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Sandbox.Kite;

/// <summary>
/// Sends order postbacks (reference §11): raw JSON, fire-and-forget. A dead or slow receiver is logged and
/// otherwise ignored, exactly as a broker would not stall its OMS on a client's webhook.
/// </summary>
internal sealed partial class KitePostbacks(IHttpClientFactory httpClients, ILogger<KitePostbacks> logger)
{
    public const string HttpClientName = "BrokerConsole.Sandbox.KitePostbacks";

    /// <summary>Lowercase hex SHA-256 of order_id + order_timestamp + api_secret (reference §11).</summary>
    public static string Checksum(string orderId, string orderTimestamp, string apiSecret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(orderId + orderTimestamp + apiSecret)));

    public void Send(string url, KitePostbackWire payload) => _ = SendAsync(url, payload);

    private async Task SendAsync(string url, KitePostbackWire payload)
    {
        try
        {
            // Let the caller's request finish first; the real postback also arrives after the API reply.
            await Task.Yield();
            using var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.PostAsJsonAsync(url, payload, KiteWire.Json);
            if (!response.IsSuccessStatusCode)
            {
                LogRejected(url, payload.OrderId, (int)response.StatusCode);
            }
        }
#pragma warning disable CA1031 // A postback failure must never surface into the sandbox; it is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(ex, url, payload.OrderId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kite sandbox postback to {Url} for order {OrderId} answered HTTP {Status}")]
    private partial void LogRejected(string url, string orderId, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kite sandbox postback to {Url} for order {OrderId} failed")]
    private partial void LogFailed(Exception exception, string url, string orderId);
}
