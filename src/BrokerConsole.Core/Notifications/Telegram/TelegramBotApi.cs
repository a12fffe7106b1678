using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Notifications.Telegram;

/// <summary>What Telegram answered to one <c>sendMessage</c>.</summary>
public enum TelegramSendStatus
{
    Sent,

    /// <summary>429: flood control; <see cref="TelegramSendResult.RetryAfter"/> says how long to wait.</summary>
    TooManyRequests,

    /// <summary>401: the token is wrong or revoked.</summary>
    Unauthorized,

    /// <summary>403: the bot may not write to that chat (blocked, kicked, never started).</summary>
    Forbidden,

    /// <summary>400: e.g. "chat not found".</summary>
    BadRequest,

    /// <summary>No answer, a timeout, a 5xx or a body that is not Telegram's.</summary>
    Unreachable,

    /// <summary>Not sent at all: the channel was removed, broken or the kind switched off meanwhile.</summary>
    Skipped,
}

public sealed record TelegramSendResult(TelegramSendStatus Status, string? Description, TimeSpan? RetryAfter = null)
{
    /// <summary>The channel cannot work until the user changes it.</summary>
    public bool BreaksChannel => Status is TelegramSendStatus.Unauthorized or TelegramSendStatus.Forbidden;

    /// <summary>A sentence for the Settings page.</summary>
    public string Explain() => Status switch
    {
        TelegramSendStatus.Sent => "Sent.",
        TelegramSendStatus.Unauthorized => $"Telegram refused the bot token ({Description ?? "Unauthorized"}): paste the token BotFather gave you again.",
        TelegramSendStatus.Forbidden => $"Telegram refused to deliver to that chat ({Description ?? "Forbidden"}): open the chat with your bot and press Start, or check the chat id.",
        TelegramSendStatus.BadRequest => $"Telegram refused the message ({Description ?? "Bad Request"}): check the chat id.",
        TelegramSendStatus.TooManyRequests => $"Telegram asked to slow down (retry after {RetryAfter?.TotalSeconds ?? 0:0} s).",
        _ => $"Telegram could not be reached ({Description ?? "no answer"}).",
    };
}

/// <summary>
/// Telegram's Bot API <c>sendMessage</c> over a client whose request logging is removed: the bot token travels in the URL
/// path (<c>/bot{token}/sendMessage</c>), so no URL of this client may reach a log. Errors name the status, never the URL.
/// </summary>
public sealed class TelegramBotApi(IHttpClientFactory httpClients, IOptions<TelegramOptions> options)
{
    public const string HttpClientName = "Telegram";

    public async Task<TelegramSendResult> SendMessageAsync(string botToken, string chatId, string text, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(botToken);
        ArgumentException.ThrowIfNullOrEmpty(chatId);
        var settings = options.Value;
        var url = new Uri(settings.ApiRoot.AbsoluteUri.TrimEnd('/') + "/bot" + botToken + "/sendMessage");
        // A numeric chat id is sent as a number, a @channel name as a string, as the Bot API takes either.
        object chat = long.TryParse(chatId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var numeric) ? numeric : chatId;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.RequestTimeout);
        try
        {
            using var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.PostAsJsonAsync(url, new Dictionary<string, object> { ["chat_id"] = chat, ["text"] = text }, timeout.Token);
            return await ReadAsync(response, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new TelegramSendResult(TelegramSendStatus.Unreachable, "timed out");
        }
        catch (HttpRequestException ex)
        {
            // The message of a connection failure names host and port, not the path; the status alone is kept anyway.
            return new TelegramSendResult(TelegramSendStatus.Unreachable, ex.HttpRequestError.ToString());
        }
    }

    internal static async Task<TelegramSendResult> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        JsonElement body;
        try
        {
            body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        }
        catch (JsonException)
        {
            return new TelegramSendResult(TelegramSendStatus.Unreachable, $"HTTP {(int)response.StatusCode} without a Bot API answer");
        }

        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True)
        {
            return new TelegramSendResult(TelegramSendStatus.Sent, null);
        }

        var code = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error_code", out var c) && c.TryGetInt32(out var n) ? n : (int)response.StatusCode;
        var description = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("description", out var d) ? d.GetString() : null;
        TimeSpan? retryAfter = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object
            && p.TryGetProperty("retry_after", out var r) && r.TryGetInt32(out var seconds) ? TimeSpan.FromSeconds(Math.Max(seconds, 1)) : null;
        var status = code switch
        {
            429 => TelegramSendStatus.TooManyRequests,
            401 => TelegramSendStatus.Unauthorized,
            403 => TelegramSendStatus.Forbidden,
            400 => TelegramSendStatus.BadRequest,
            _ => TelegramSendStatus.Unreachable,
        };
        return new TelegramSendResult(status, Trim(description), status == TelegramSendStatus.TooManyRequests ? retryAfter ?? TimeSpan.FromSeconds(1) : null);
    }

    private static string? Trim(string? description) => description is { Length: > 200 } ? description[..200] : description;
}
