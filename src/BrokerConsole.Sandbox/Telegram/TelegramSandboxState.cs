using System.Collections.Concurrent;
using BrokerConsole.Sandbox.Kite;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Sandbox.Telegram;

/// <summary>One message the sandbox accepted.</summary>
public sealed record TelegramSandboxMessage(long MessageId, string BotToken, string ChatId, string Text, DateTimeOffset Date);

/// <summary>
/// The Telegram sandbox's memory: known bots, the messages each bot sent to each chat, and faults a test arms (the next
/// N sends of a bot answered 429 with a retry_after, a chat that blocked the bot, a bot whose token was revoked).
/// </summary>
public sealed class TelegramSandboxState
{
    private readonly ConcurrentDictionary<string, string> _bots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (int Remaining, int RetryAfter)> _throttles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Token, string ChatId), bool> _blocked = new();
    private readonly List<TelegramSandboxMessage> _messages = [];
    private readonly List<(Func<bool> Ready, TaskCompletionSource Done)> _waiters = [];
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private long _nextMessageId;

    public TelegramSandboxState(IOptions<SandboxOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        foreach (var bot in options.Value.Telegram.Bots)
        {
            _bots[bot.Token] = bot.Username;
        }
    }

    /// <summary>Every answer the sandbox gave (token, HTTP status), in order; tests wait on it instead of sleeping.</summary>
    public event Action<string, int>? Answered;

    public void RegisterBot(string token, string username = "brokerconsole_test_bot") => _bots[token] = username;

    /// <summary>Like revoking the token in BotFather: it answers 401 from now on.</summary>
    public void RevokeBot(string token) => _bots.TryRemove(token, out _);

    /// <summary>The next <paramref name="count"/> sends of this bot get 429 with <c>retry_after</c> = <paramref name="retryAfterSeconds"/>.</summary>
    public void Throttle(string token, int retryAfterSeconds, int count = 1) => _throttles[token] = (count, retryAfterSeconds);

    /// <summary>The user blocked the bot: sends to that chat get 403.</summary>
    public void BlockChat(string token, string chatId) => _blocked[(token, chatId)] = true;

    public IReadOnlyList<TelegramSandboxMessage> Messages(string token)
    {
        lock (_gate)
        {
            return [.. _messages.Where(m => m.BotToken == token)];
        }
    }

    /// <summary>Completes once the bot has sent at least <paramref name="count"/> messages.</summary>
    public Task WhenMessagesAsync(string token, int count)
    {
        lock (_gate)
        {
            bool Ready() => _messages.Count(m => m.BotToken == token) >= count;
            if (Ready())
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((Ready, done));
            return done.Task;
        }
    }

    internal bool IsKnown(string token, out string username) => _bots.TryGetValue(token, out username!);

    internal bool IsBlocked(string token, string chatId) => _blocked.ContainsKey((token, chatId));

    /// <summary>Takes one armed 429 for this bot, if any.</summary>
    internal int? TakeThrottle(string token)
    {
        while (_throttles.TryGetValue(token, out var throttle))
        {
            var next = throttle.Remaining > 1 ? (throttle.Remaining - 1, throttle.RetryAfter) : (0, 0);
            var updated = next.Item1 > 0 ? _throttles.TryUpdate(token, next, throttle) : _throttles.TryRemove(new(token, throttle));
            if (updated)
            {
                return throttle.RetryAfter;
            }
        }

        return null;
    }

    internal TelegramSandboxMessage Record(string token, string chatId, string text)
    {
        List<TaskCompletionSource> ready;
        TelegramSandboxMessage message;
        lock (_gate)
        {
            message = new TelegramSandboxMessage(++_nextMessageId, token, chatId, text, _time.GetUtcNow());
            _messages.Add(message);
            ready = [.. _waiters.Where(w => w.Ready()).Select(w => w.Done)];
            _waiters.RemoveAll(w => ready.Contains(w.Done));
        }

        foreach (var done in ready)
        {
            done.TrySetResult();
        }

        return message;
    }

    internal void Answer(string token, int status) => Answered?.Invoke(token, status);
}
