namespace BrokerConsole.Sandbox.Dhan;

/// <summary>One sandbox order; mutable under the owning client's lock.</summary>
internal sealed class DhanSandboxOrder
{
    public required string OrderId { get; init; }
    public required string SecurityId { get; init; }
    public required string Segment { get; init; }
    public required string Side { get; init; }
    public required string ProductType { get; init; }
    public required string OrderType { get; set; }
    public required int Quantity { get; set; }
    public required decimal Price { get; set; }
    public decimal TriggerPrice { get; set; }
    public string Validity { get; set; } = "DAY";
    public string? CorrelationId { get; init; }
    public string Status { get; set; } = "PENDING";
    public int Filled { get; set; }
    public decimal AveragePrice { get; set; }
    public int Modifications { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One fill of a sandbox order.</summary>
internal sealed record DhanSandboxTrade(string OrderId, string TradeId, int Quantity, decimal Price, DateTimeOffset At);
