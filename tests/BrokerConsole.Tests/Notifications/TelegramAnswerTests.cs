using System.Net;
using System.Text;
using BrokerConsole.Core.Notifications.Telegram;

namespace BrokerConsole.Tests.Notifications;

/// <summary>Reading the Bot API's answers (shapes from Telegram's documentation: ok/result, or ok:false with error_code, description, parameters).</summary>
public sealed class TelegramAnswerTests
{
    private static Task<TelegramSendResult> ReadAsync(HttpStatusCode status, string json)
    {
        using var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        return TelegramBotApi.ReadAsync(response, CancellationToken.None);
    }

    [Fact]
    public async Task Ok_true_is_sent()
    {
        var result = await ReadAsync(HttpStatusCode.OK, """{"ok":true,"result":{"message_id":5,"chat":{"id":1,"type":"private"},"date":1,"text":"hi"}}""");

        Assert.Equal(TelegramSendStatus.Sent, result.Status);
    }

    [Fact]
    public async Task A_429_carries_retry_after()
    {
        var result = await ReadAsync(HttpStatusCode.TooManyRequests, """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 34","parameters":{"retry_after":34}}""");

        Assert.Equal(TelegramSendStatus.TooManyRequests, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(34), result.RetryAfter);
        Assert.False(result.BreaksChannel);
    }

    [Theory]
    [InlineData(401, "Unauthorized", TelegramSendStatus.Unauthorized, true)]
    [InlineData(403, "Forbidden: bot was blocked by the user", TelegramSendStatus.Forbidden, true)]
    [InlineData(400, "Bad Request: chat not found", TelegramSendStatus.BadRequest, false)]
    [InlineData(502, "Bad Gateway", TelegramSendStatus.Unreachable, false)]
    public async Task Errors_map_by_error_code(int code, string description, TelegramSendStatus expected, bool breaks)
    {
        var result = await ReadAsync((HttpStatusCode)code, $$"""{"ok":false,"error_code":{{code}},"description":"{{description}}"}""");

        Assert.Equal(expected, result.Status);
        Assert.Equal(description, result.Description);
        Assert.Equal(breaks, result.BreaksChannel);
    }

    [Fact]
    public async Task A_body_that_is_not_the_bot_api_is_unreachable()
    {
        var result = await ReadAsync(HttpStatusCode.BadGateway, "<html>nginx</html>");

        Assert.Equal(TelegramSendStatus.Unreachable, result.Status);
    }
}
