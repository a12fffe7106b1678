using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BrokerConsole.Sandbox.Telegram;

/// <summary>
/// Telegram's Bot API <c>sendMessage</c> under <c>/sandbox/telegram</c> (the sandbox's <c>api.telegram.org</c>):
/// <c>POST /bot{token}/sendMessage</c> with a JSON or form body of <c>chat_id</c> and <c>text</c>, answered
/// <c>{"ok":true,"result":{message}}</c> or <c>{"ok":false,"error_code":…,"description":…}</c> with the same HTTP status:
/// 401 "Unauthorized" for a token it does not know, 400 for an empty text or chat, 403 for a chat that blocked the bot,
/// 429 with <c>parameters.retry_after</c> when a test armed it. Control: <c>POST __control/bots {"token":…}</c>,
/// <c>POST __control/throttle {"token":…,"retry_after":5,"count":1}</c>, <c>POST __control/block {"token":…,"chat_id":…}</c>,
/// <c>POST __control/messages {"token":…}</c> (what the bot delivered).
/// </summary>
internal static class TelegramSandboxEndpoints
{
    public const string Prefix = "/sandbox/telegram";

    /// <summary>Telegram's own limit on a message's text.</summary>
    private const int MaxTextLength = 4096;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var root = endpoints.MapGroup(Prefix).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        // "bot" + token is one path segment, read by hand: ASP.NET's matching of a "bot{token}" segment looks for the
        // literal from the right, so a token with "bot" inside (the demo bot's "…DemoBotToken…") never matched and fell
        // through to the sign-in redirect.
        root.MapPost("/{botToken}/sendMessage", (string botToken, HttpContext http, TelegramSandboxState state, TimeProvider time) =>
            botToken.StartsWith("bot", StringComparison.Ordinal) && botToken.Length > 3
                ? SendMessageAsync(botToken[3..], http, state, time)
                : Task.FromResult(Results.Json(new { ok = false, error_code = 404, description = "Not Found" }, statusCode: 404)));
        root.MapPost("/__control/bots", async (HttpContext http, TelegramSandboxState state) =>
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            state.RegisterBot(doc.RootElement.GetProperty("token").GetString() ?? "");
            return Results.Json(new { ok = true });
        });
        root.MapPost("/__control/throttle", async (HttpContext http, TelegramSandboxState state) =>
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            var body = doc.RootElement;
            state.Throttle(body.GetProperty("token").GetString() ?? "", body.GetProperty("retry_after").GetInt32(),
                body.TryGetProperty("count", out var c) ? c.GetInt32() : 1);
            return Results.Json(new { ok = true });
        });
        // What a bot delivered, for a test whose app runs in another process (the token in the body, not the URL).
        root.MapPost("/__control/messages", async (HttpContext http, TelegramSandboxState state) =>
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            var messages = state.Messages(doc.RootElement.GetProperty("token").GetString() ?? "");
            return Results.Json(new { ok = true, result = messages.Select(m => new { message_id = m.MessageId, chat_id = m.ChatId, text = m.Text }) });
        });
        root.MapPost("/__control/block", async (HttpContext http, TelegramSandboxState state) =>
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            state.BlockChat(doc.RootElement.GetProperty("token").GetString() ?? "", doc.RootElement.GetProperty("chat_id").ToString());
            return Results.Json(new { ok = true });
        });
    }

    private static async Task<IResult> SendMessageAsync(string token, HttpContext http, TelegramSandboxState state, TimeProvider time)
    {
        var (chatId, text) = await ReadAsync(http.Request, http.RequestAborted);
        if (!state.IsKnown(token, out var username))
        {
            return Error(state, token, 401, "Unauthorized");
        }

        if (state.TakeThrottle(token) is { } retryAfter)
        {
            return Error(state, token, 429, $"Too Many Requests: retry after {retryAfter}", retryAfter);
        }

        if (string.IsNullOrEmpty(chatId))
        {
            return Error(state, token, 400, "Bad Request: chat_id is empty");
        }

        if (string.IsNullOrEmpty(text))
        {
            return Error(state, token, 400, "Bad Request: message text is empty");
        }

        if (text.Length > MaxTextLength)
        {
            return Error(state, token, 400, "Bad Request: message is too long");
        }

        // A private chat's id is a number; a channel may be named @name. Anything else is no chat the bot can know.
        var numeric = long.TryParse(chatId, out var chatNumber);
        if (!numeric && !chatId.StartsWith('@'))
        {
            return Error(state, token, 400, "Bad Request: chat not found");
        }

        if (state.IsBlocked(token, chatId))
        {
            return Error(state, token, 403, "Forbidden: bot was blocked by the user");
        }

        var message = state.Record(token, chatId, text);
        state.Answer(token, 200);
        var botId = long.TryParse(token.Split(':')[0], out var id) ? id : 0;
        return Results.Json(new
        {
            ok = true,
            result = new
            {
                message_id = message.MessageId,
                from = new { id = botId, is_bot = true, first_name = "BrokerConsole", username },
                chat = numeric ? (object)new { id = chatNumber, type = chatNumber < 0 ? "group" : "private" } : new { id = chatId, type = "channel" },
                date = time.GetUtcNow().ToUnixTimeSeconds(),
                text,
            },
        });
    }

    private static async Task<(string? ChatId, string? Text)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            return (form["chat_id"].ToString(), form["text"].ToString());
        }

        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            var body = doc.RootElement;
            string? Field(string name) => body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var v)
                ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.ToString()
                : null;
            return (Field("chat_id"), Field("text"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static IResult Error(TelegramSandboxState state, string token, int status, string description, int? retryAfter = null)
    {
        state.Answer(token, status);
        object body = retryAfter is { } seconds
            ? new { ok = false, error_code = status, description, parameters = new { retry_after = seconds } }
            : new { ok = false, error_code = status, description };
        return Results.Json(body, statusCode: status);
    }
}
