using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Orders;

namespace BrokerConsole.Tests.Components.Orders;

/// <summary>Records what the Orders components ask of the order service and answers with what the test set.</summary>
internal sealed class FakeOrderService : IOrderService
{
    public List<OrderTicket> Placed { get; } = [];

    public List<OrderChange> Modified { get; } = [];

    public List<(Guid AccountId, string OrderId)> Cancelled { get; } = [];

    public Func<OrderTicket, PlacementResult> PlaceAnswer { get; set; } =
        ticket => new PlacementResult(PlacementOutcome.Placed, "bctest0000000001", "ORD1", $"Placed: order ORD1 ({ticket.TradingSymbol}).", null, Reconciled: false);

    public Func<OrderChange, OrderActionResult> ModifyAnswer { get; set; } = change => new OrderActionResult(true, $"Modified order {change.OrderId}.", null);

    public OrdersSnapshot Today { get; set; } = new([], [], DateTimeOffset.UnixEpoch);

    /// <summary>How many times the order books were read.</summary>
    public int TodayReads => _todayReads;

    /// <summary>A held read ends only when <see cref="TodayGate"/> is set, not when its token is cancelled.</summary>
    public bool TodayIgnoresCancellation { get; set; }

    /// <summary>When set, a read waits for it (a refresh in flight).</summary>
    public TaskCompletionSource? TodayGate { get; set; }

    public Func<Guid, string, OrderActionResult> CancelAnswer { get; set; } = (_, orderId) => new OrderActionResult(true, $"Cancelled order {orderId}.", null);

    private int _todayReads;

    public IReadOnlyList<BrokerOrder> History { get; set; } = [];

    public async Task<OrdersSnapshot> GetTodayAsync(Guid? accountId = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _todayReads);
        if (TodayGate is { } gate)
        {
            // A broker call already on the wire may finish after its page is gone, whatever the token says.
            await (TodayIgnoresCancellation ? gate.Task : gate.Task.WaitAsync(cancellationToken));
        }

        return Today;
    }

    public Task<IReadOnlyList<BrokerOrder>> GetHistoryAsync(Guid accountId, string orderId, CancellationToken cancellationToken = default) => Task.FromResult(History);

    public Task<PlacementResult> PlaceAsync(OrderTicket ticket, CancellationToken cancellationToken = default)
    {
        Placed.Add(ticket);
        return Task.FromResult(PlaceAnswer(ticket));
    }

    public Task<PlacementResult> PlaceAsync(OrderTicket ticket, string tag, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("The order dialogs never choose their own tag.");

    public Task<PlacementResult> SendAsync(OrderTicket ticket, string tag, TagClaim claim, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("Only scheduled runs send run items.");

    public Task<PlacementResult> SettleInFlightAsync(Guid accountId, string tag, DateTimeOffset sentAt, Func<TagVerdict, Task>? checking, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("Only scheduled runs settle orders in flight.");

    public Task<OrderActionResult> ModifyAsync(OrderChange change, CancellationToken cancellationToken = default)
    {
        Modified.Add(change);
        return Task.FromResult(ModifyAnswer(change));
    }

    public Task<OrderActionResult> CancelAsync(Guid accountId, string orderId, CancellationToken cancellationToken = default)
    {
        Cancelled.Add((accountId, orderId));
        return Task.FromResult(CancelAnswer(accountId, orderId));
    }

    public Task<PlacementResult> CheckIntentAsync(Guid intentId, CancellationToken cancellationToken = default) =>
        throw new KeyNotFoundException("No such placement.");

    public Task<IReadOnlyList<OrderIntent>> RecentIntentsAsync(int take, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<OrderIntent>>([]);
}
