using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Sessions;

namespace BrokerConsole.Core.Orders;

/// <summary>
/// Settles an order that may have left (its answer was lost, or the app stopped while sending) by reading the
/// order book under the <see cref="ResendRule"/>: found → found; absent from a read begun after the request can no
/// longer arrive → cannot arrive (a re-send is safe); otherwise it waits on the app's <see cref="TimeProvider"/>
/// and reads again. Bounded: it gives up as <see cref="TagState.Unknown"/> when the book stays unreadable for
/// <see cref="OrderResendOptions.UnreadableBookPatience"/> past that moment. Never sends anything itself.
/// </summary>
public sealed class InFlightOrderCheck(ResendRule rule, TimeProvider time)
{
    /// <summary>
    /// Reads the book with <paramref name="readBook"/> until the order sent at <paramref name="sentAt"/> is found or can no
    /// longer arrive; before each wait (already armed, so a test's fake clock can move on) <paramref name="checking"/> is told.
    /// </summary>
    public async Task<TagVerdict> SettleAsync(
        BrokerKind broker,
        string tag,
        DateTimeOffset sentAt,
        Func<CancellationToken, Task<IReadOnlyList<BrokerOrder>>> readBook,
        Func<TagVerdict, Task>? checking,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readBook);
        var deadline = rule.CannotArriveAfter(broker, sentAt);
        var giveUpAt = deadline + rule.Options.UnreadableBookPatience;
        while (true)
        {
            var readStartedAt = time.GetUtcNow();
            TagVerdict verdict;
            try
            {
                var book = await readBook(cancellationToken);
                verdict = rule.Judge(broker, sentAt, tag, book, readStartedAt);
                if (verdict.State is TagState.Found or TagState.CannotArrive)
                {
                    return verdict;
                }
            }
            catch (Exception ex) when (ex is BrokerApiException or NoActiveSessionException)
            {
                verdict = new TagVerdict(TagState.Checking, null, deadline, ex.Message);
            }

            var now = time.GetUtcNow();
            if (verdict.ReadError is not null && now >= giveUpAt)
            {
                return verdict with { State = TagState.Unknown };
            }

            // Before the deadline one wait reaches it. Past it: a read that began too early is simply repeated now,
            // a failed one a little later.
            var wakeAt = now < deadline ? deadline : verdict.ReadError is null ? now : now + rule.Options.ReadRetryInterval;
            if (wakeAt <= now)
            {
                continue;
            }

            var wait = Task.Delay(wakeAt - now, time, cancellationToken);
            if (checking is not null)
            {
                await checking(verdict);
            }

            await wait;
        }
    }
}
