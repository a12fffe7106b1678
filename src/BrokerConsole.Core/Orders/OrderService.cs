using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Portfolio;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Core.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core.Orders;

public sealed partial class OrderService(
    IDbContextFactory<BrokerConsoleDbContext> dbFactory,
    ICurrentUser currentUser,
    IAccountService accounts,
    ISessionService sessions,
    IAuditTrail audit,
    OrderIntentStore intents,
    OrderOutcomeRecorder recorder,
    InFlightOrderCheck inFlight,
    ResendRule resendRule,
    IBrokerModules brokers,
    Instruments.InstrumentCatalog instruments,
    TimeProvider time,
    ILogger<OrderService> logger) : IOrderService
{
    /// <summary>
    /// Reads of the order book after a lost answer. The second read, a moment later, catches an order the
    /// broker was still registering when the first read ran. Real time on purpose: it waits for the broker.
    /// </summary>
    private static readonly TimeSpan[] _reconcileDelays = [TimeSpan.Zero, TimeSpan.FromSeconds(1)];

    public async Task<OrdersSnapshot> GetTodayAsync(Guid? accountId = null, CancellationToken cancellationToken = default)
    {
        if (accountId is { } id)
        {
            await accounts.GetAsync(id, cancellationToken);
        }

        var (loaded, issues) = await AccountFanOut.RunAsync(accounts, sessions, async (account, ct) =>
        {
            var orders = await sessions.CallBrokerAsync(account.Id, (client, c) => client.GetOrdersAsync(c), ct);
            // A broker without a trade book still has its orders on the page.
            IReadOnlyList<BrokerTrade> trades = brokers.For(account.Broker).Has(BrokerCapabilities.TradeBook)
                ? await sessions.CallBrokerAsync(account.Id, (client, c) => client.GetTradesAsync(c), ct)
                : [];

            return (orders, trades);
        }, accountId, cancellationToken);

        return new OrdersSnapshot(
            loaded.Select(l => new AccountOrders(l.Account.Id, l.Account.DisplayName, l.Account.Broker, l.Value.orders, l.Value.trades)).ToList(),
            issues,
            time.GetUtcNow());
    }

    public async Task<IReadOnlyList<BrokerOrder>> GetHistoryAsync(Guid accountId, string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        return await HistoryAsync(await accounts.GetAsync(accountId, cancellationToken), orderId, cancellationToken);
    }

    private async Task<IReadOnlyList<BrokerOrder>> HistoryAsync(AccountSummary account, string orderId, CancellationToken cancellationToken)
    {
        if (brokers.For(account.Broker).Has(BrokerCapabilities.OrderHistory))
        {
            return await sessions.CallBrokerAsync(account.Id, (client, ct) => client.GetOrderHistoryAsync(orderId, ct), cancellationToken);
        }

        // No history endpoint for this broker: the order book's current state is the one entry known.
        var book = await sessions.CallBrokerAsync(account.Id, (client, ct) => client.GetOrdersAsync(ct), cancellationToken);
        return book.Where(o => o.OrderId == orderId).ToList();
    }

    public Task<PlacementResult> PlaceAsync(OrderTicket ticket, CancellationToken cancellationToken = default) =>
        PlaceCoreAsync(ticket, null, null, cancellationToken);

    public Task<PlacementResult> PlaceAsync(OrderTicket ticket, string tag, CancellationToken cancellationToken = default) =>
        PlaceCoreAsync(ticket, OrderTags.IsValid(tag) ? tag : throw BadTag(), null, cancellationToken);

    public Task<PlacementResult> SendAsync(OrderTicket ticket, string tag, TagClaim claim, CancellationToken cancellationToken = default) =>
        PlaceCoreAsync(ticket, OrderTags.IsValid(tag) ? tag : throw BadTag(), claim, cancellationToken);

    private static ArgumentException BadTag() => new($"A tag is alphanumeric and at most {OrderTags.MaxLength} characters.", "tag");

    // claim: set for a run item's send (SendAsync): the run item is claimed with the intent, and the order's status is not
    // read here because the run reads its account's book once after all its legs.
    private async Task<PlacementResult> PlaceCoreAsync(OrderTicket ticket, string? tag, TagClaim? claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var ownerId = currentUser.RequireUserId();
        var errors = OrderTicketValidator.Validate(ticket);
        if (errors.Count > 0)
        {
            throw new OrderValidationException(errors);
        }

        // Ownership first: nothing is saved or sent for an account that is not the caller's.
        var account = await accounts.GetAsync(ticket.AccountId, cancellationToken);
        // Lot and tick checked, and the console's symbol put in the broker's words (Dhan: the security id), before any intent.
        var (brokerTicket, instrumentErrors) = Instruments.OrderInstrumentRules.Prepare(ticket, account.Broker, await instruments.GetAsync(cancellationToken));
        if (instrumentErrors.Count > 0)
        {
            throw new OrderValidationException(instrumentErrors);
        }

        var summary = ticket.Describe();
        // Decrypt before saving the intent: an unreadable token (key ring changed) sends nothing, so no Sending intent.
        if (!await sessions.IsSessionReadableAsync(account.Id, cancellationToken))
        {
            return new PlacementResult(PlacementOutcome.NotPlaced, tag ?? "", null, "Not sent. " + SessionUnreadableException.Explanation, null, Reconciled: false, NotSent: true);
        }

        var intent = await intents.SaveAsync(ownerId, account.Id, summary, tag, claim, cancellationToken);
        var request = OrderTicketValidator.ToRequest(brokerTicket, intent.Tag);
        LogPlacing(logger, account.Id, intent.Tag);

        PlacementResult result;
        try
        {
            var placed = await sessions.CallBrokerAsync(account.Id, (client, ct) => client.PlaceOrderAsync(request, ct), cancellationToken);
            // A run reads its account's book once after all its legs instead (SendAsync): one call, not one per order.
            var order = claim is null ? await TryReadOrderAsync(account.Id, placed.OrderId, cancellationToken) : null;
            result = new PlacementResult(PlacementOutcome.Placed, intent.Tag, placed.OrderId, PlacementMessages.Placed(placed.OrderId, order), order, Reconciled: false);
        }
        catch (BrokerUnavailableException ex)
        {
            // The request may have reached the broker. Never re-send: look for our tag in the book.
            LogReconciling(logger, account.Id, intent.Tag, ex.Cause);
            result = await ReconcileAsync(account.Id, intent.Tag, ex, cancellationToken);
        }
        catch (Exception ex) when (ex is BrokerApiException or NoActiveSessionException or ArgumentException)
        {
            // Refused before or at the broker (input, margin, RMS, 429, expired session): certainly not placed.
            var advice = ex is RateLimitedException ? " Nothing was retried automatically." : "";
            var notSent = ex is NoActiveSessionException or ArgumentException or RateLimitedException { IsLocal: true };
            var lead = notSent ? "Not sent" : "Not placed";
            result = new PlacementResult(PlacementOutcome.NotPlaced, intent.Tag, null, $"{lead}. {ex.Message}{advice}", null, Reconciled: false, NotSent: notSent);
        }

        var auditText = result.Outcome switch
        {
            PlacementOutcome.Placed => $"Placed {summary} on '{account.DisplayName}': order {result.OrderId} (tag {intent.Tag}){(result.Reconciled ? ", confirmed from the order book" : "")}",
            PlacementOutcome.NotPlaced => $"Order not placed: {summary} on '{account.DisplayName}' (tag {intent.Tag}): {PlacementMessages.Trim(result.Message)}",
            _ => $"Order outcome unknown: {summary} on '{account.DisplayName}' (tag {intent.Tag}); check the order book",
        };
        // Past this point the broker may have the order: its answer is the caller's answer, whatever the database does.
        // The intent's outcome and its audit line are one transaction: one write (and one fsync) instead of two.
        var auditEntry = audit.NewEntry(ownerId, AuditAction.OrderPlaced, auditText, account.Id);
        await recorder.RecordAsync($"order tag {intent.Tag}", [_ => intents.CompleteAsync(intent.Id, result, auditEntry, CancellationToken.None)]);
        return result;
    }

    public async Task<OrderActionResult> ModifyAsync(OrderChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var ownerId = currentUser.RequireUserId();
        var errors = OrderTicketValidator.Validate(change);
        if (errors.Count > 0)
        {
            throw new OrderValidationException(errors);
        }

        var account = await accounts.GetAsync(change.AccountId, cancellationToken);
        var what = string.Join(", ", new[]
        {
            change.Quantity is { } q ? $"quantity {q}" : null,
            change.Price is { } p ? $"price {p}" : null,
            change.TriggerPrice is { } t ? $"trigger {t}" : null,
        }.Where(s => s is not null));
        var result = await ActOnOrderAsync(account, change.OrderId, (client, current, ct) => client.ModifyOrderAsync(new OrderModification
        {
            OrderId = change.OrderId,
            Variety = current?.Variety is { } v and not OrderVariety.Unknown ? v : OrderVariety.Regular,
            Quantity = change.Quantity,
            Price = change.Price,
            TriggerPrice = change.TriggerPrice,
            // Kite wants the protection again when a market-like order is modified.
            MarketProtection = current?.OrderType is OrderType.Market or OrderType.StopLossMarket ? -1 : null,
        }, ct), "Modified", cancellationToken);
        await audit.RecordAsync(ownerId, AuditAction.OrderModified,
            $"{(result.Succeeded ? "Modified" : "Modify failed for")} order {change.OrderId} on '{account.DisplayName}' ({what}){(result.Succeeded ? "" : ": " + PlacementMessages.Trim(result.Message))}",
            account.Id, CancellationToken.None);
        return result;
    }

    public async Task<OrderActionResult> CancelAsync(Guid accountId, string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        var ownerId = currentUser.RequireUserId();
        var account = await accounts.GetAsync(accountId, cancellationToken);
        var result = await ActOnOrderAsync(account, orderId, (client, current, ct) =>
            client.CancelOrderAsync(orderId, current?.Variety is { } v and not OrderVariety.Unknown ? v : OrderVariety.Regular, current?.ParentOrderId, ct),
            "Cancelled", cancellationToken);
        await audit.RecordAsync(ownerId, AuditAction.OrderCancelled,
            $"{(result.Succeeded ? "Cancelled" : "Cancel failed for")} order {orderId} on '{account.DisplayName}'{(result.Succeeded ? "" : ": " + PlacementMessages.Trim(result.Message))}",
            account.Id, CancellationToken.None);
        return result;
    }

    public async Task<IReadOnlyList<OrderIntent>> RecentIntentsAsync(int take, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.OrderIntents.AsNoTracking().Where(i => i.OwnerId == ownerId)
            .OrderByDescending(i => i.CreatedAt).Take(Math.Clamp(take, 1, 200)).ToListAsync(cancellationToken);
    }

    private async Task<OrderActionResult> ActOnOrderAsync(AccountSummary account, string orderId,
        Func<IBrokerClient, BrokerOrder?, CancellationToken, Task<PlacedOrder>> action, string verb, CancellationToken cancellationToken)
    {
        try
        {
            // The current state gives the variety to send and lets a closed order be refused with a clear reason.
            var history = await HistoryAsync(account, orderId, cancellationToken);
            var current = history.Count > 0 ? history[^1] : null;
            if (current?.Status is OrderStatus.Complete or OrderStatus.Cancelled or OrderStatus.Rejected)
            {
                return new OrderActionResult(false, $"Order {orderId} is already {OrderStatusText.Describe(current)}; nothing was sent.", current);
            }

            await sessions.CallBrokerAsync(account.Id, (client, ct) => action(client, current, ct), cancellationToken);
            var after = await TryReadOrderAsync(account.Id, orderId, cancellationToken);
            return new OrderActionResult(true, $"{verb} order {orderId}." + (after is null ? "" : $" Status now {OrderStatusText.Describe(after)}."), after);
        }
        catch (BrokerUnavailableException ex)
        {
            var after = await TryReadOrderAsync(account.Id, orderId, cancellationToken);
            return new OrderActionResult(false, $"{ex.Message} The request may or may not have reached the broker; " +
                (after is null ? "check the order's history." : $"the order's status is now {OrderStatusText.Describe(after)}."), after);
        }
        catch (Exception ex) when (ex is BrokerApiException or NoActiveSessionException or ArgumentException or NotSupportedException)
        {
            return new OrderActionResult(false, ex.Message, null);
        }
    }

    private async Task<PlacementResult> ReconcileAsync(Guid accountId, string tag, BrokerUnavailableException cause, CancellationToken cancellationToken)
    {
        BrokerApiException? lastReadFailure = null;
        foreach (var delay in _reconcileDelays)
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken);
            }

            try
            {
                var book = await sessions.CallBrokerAsync(accountId, (client, ct) => client.GetOrdersAsync(ct), cancellationToken);
                var match = book.Where(o => o.Tag == tag || o.Tags.Contains(tag)).OrderBy(o => o.PlacedAt).FirstOrDefault();
                if (match is not null)
                {
                    LogReconciled(logger, accountId, tag, true);
                    return new PlacementResult(PlacementOutcome.Placed, tag, match.OrderId,
                        $"The broker's answer was lost ({cause.Message}) but the order book has it: {PlacementMessages.Placed(match.OrderId, match)}", match, Reconciled: true);
                }

                lastReadFailure = null;
            }
            catch (Exception ex) when (ex is BrokerApiException or NoActiveSessionException)
            {
                lastReadFailure = ex as BrokerApiException;
            }
        }

        LogReconciled(logger, accountId, tag, false);
        if (lastReadFailure is not null || cause.MayHaveArrived)
        {
            // A request that may have reached the broker (timed out, cut off after it was sent, answered by a gateway)
            // may still register there, so "not in the book yet" is not "not placed". Say so, keep the intent open,
            // and let the user check again by tag; ResendRule decides when it can no longer arrive.
            var why = lastReadFailure is not null
                ? "The order book could not be read either."
                : $"The order book has no order with tag {tag} yet, but the request may still be in flight.";
            return new PlacementResult(PlacementOutcome.Unknown, tag, null,
                $"Unknown: {cause.Message} {why} Use 'Check again' or look for tag {tag} on the Orders page before placing again. Nothing was retried.", null, Reconciled: true);
        }

        return new PlacementResult(PlacementOutcome.NotPlaced, tag, null,
            $"Not placed: {cause.Message} The order book has no order with tag {tag}, so nothing was placed and nothing was retried.", null, Reconciled: true);
    }

    public async Task<PlacementResult> CheckIntentAsync(Guid intentId, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        OrderIntent intent;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            intent = await db.OrderIntents.AsNoTracking().SingleOrDefaultAsync(i => i.Id == intentId && i.OwnerId == ownerId, cancellationToken)
                ?? throw new KeyNotFoundException("That placement does not exist, or it is not yours.");
        }

        if (intent.Status is OrderIntentStatus.Placed or OrderIntentStatus.NotPlaced)
        {
            return new PlacementResult(intent.Status == OrderIntentStatus.Placed ? PlacementOutcome.Placed : PlacementOutcome.NotPlaced,
                intent.Tag, intent.BrokerOrderId, intent.Message ?? "", null, Reconciled: false);
        }

        var account = await accounts.GetAsync(intent.AccountId, cancellationToken);
        TagVerdict verdict;
        try
        {
            var readStartedAt = time.GetUtcNow();
            var book = await sessions.CallBrokerAsync(intent.AccountId, (client, ct) => client.GetOrdersAsync(ct), cancellationToken);
            // UpdatedAt is the last send or later: judging from it can only make the wait longer, never shorter.
            verdict = resendRule.Judge(account.Broker, intent.UpdatedAt, intent.Tag, book, readStartedAt);
        }
        catch (Exception ex) when (ex is BrokerApiException or NoActiveSessionException)
        {
            return new PlacementResult(PlacementOutcome.Unknown, intent.Tag, null, $"The order book could not be read: {ex.Message}", null, Reconciled: true);
        }

        var result = ToResult(intent.Tag, verdict, "Found in the order book");
        if (result.Outcome != PlacementOutcome.Unknown)
        {
            await RecordSettledAsync(ownerId, intent, result);
        }

        return result;
    }

    public async Task<PlacementResult> SettleInFlightAsync(Guid accountId, string tag, DateTimeOffset sentAt, Func<TagVerdict, Task>? checking,
        CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        var account = await accounts.GetAsync(accountId, cancellationToken);
        var verdict = await inFlight.SettleAsync(account.Broker, tag, sentAt,
            ct => sessions.CallBrokerAsync(accountId, (client, c) => client.GetOrdersAsync(c), ct), checking, cancellationToken);
        var result = ToResult(tag, verdict, "Found in the order book after a restart");
        if (await intents.FindByTagAsync(ownerId, tag, cancellationToken) is { } intent && intent.AccountId == accountId)
        {
            await RecordSettledAsync(ownerId, intent, result);
        }

        LogReconciled(logger, accountId, tag, verdict.State == TagState.Found);
        return result;
    }

    private static PlacementResult ToResult(string tag, TagVerdict verdict, string foundLead) => verdict.State switch
    {
        TagState.Found => new PlacementResult(PlacementOutcome.Placed, tag, verdict.Order!.OrderId, $"{foundLead}: {PlacementMessages.Placed(verdict.Order.OrderId, verdict.Order)}", verdict.Order, Reconciled: true),
        TagState.CannotArrive => new PlacementResult(PlacementOutcome.NotPlaced, tag, null,
            $"Not placed: no order with tag {tag} in the order book read after {IndianTime.Format(verdict.CannotArriveAfter)} IST, when the request could no longer arrive.", null, Reconciled: true),
        TagState.Unknown => new PlacementResult(PlacementOutcome.Unknown, tag, null,
            $"Unknown: the order book could not be read ({verdict.ReadError}). Look for tag {tag} on the Orders page; nothing was re-sent.", null, Reconciled: true),
        _ => new PlacementResult(PlacementOutcome.Unknown, tag, null,
            $"Unknown, checking: no order with tag {tag} in the order book yet, but the request may still arrive until {IndianTime.Format(verdict.CannotArriveAfter)} IST. Nothing was re-sent.", null, Reconciled: true),
    };

    /// <summary>Completes an intent settled from the order book (and audits it), retrying in the background if the database refuses.</summary>
    private async Task RecordSettledAsync(string ownerId, OrderIntent intent, PlacementResult result)
    {
        var text = result.Outcome == PlacementOutcome.Placed
            ? $"Order with tag {intent.Tag} found in the order book later: order {result.OrderId}"
            : $"Order with tag {intent.Tag} never reached the broker: not in the order book after it could no longer arrive";
        await recorder.RecordAsync($"order tag {intent.Tag}",
        [
            _ => intents.CompleteAsync(intent.Id, result, CancellationToken.None),
            ct => audit.RecordAsync(ownerId, AuditAction.OrderPlaced, text, intent.AccountId, ct),
        ]);
    }

    private async Task<BrokerOrder?> TryReadOrderAsync(Guid accountId, string orderId, CancellationToken cancellationToken)
    {
        try
        {
            var history = await GetHistoryAsync(accountId, orderId, cancellationToken);
            return history.Count > 0 ? history[^1] : null;
        }
        catch (Exception ex) when (ex is BrokerApiException or NoActiveSessionException)
        {
            // The action's outcome is known; the status is a nicety the Orders page shows anyway.
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Placing an order on account {AccountId} with tag {Tag}")]
    private static partial void LogPlacing(ILogger logger, Guid accountId, string tag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order placement on account {AccountId} (tag {Tag}) got no usable answer ({Cause}); reconciling against the order book")]
    private static partial void LogReconciling(ILogger logger, Guid accountId, string tag, UnavailableCause cause);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciliation on account {AccountId} for tag {Tag}: found = {Found}")]
    private static partial void LogReconciled(ILogger logger, Guid accountId, string tag, bool found);
}
