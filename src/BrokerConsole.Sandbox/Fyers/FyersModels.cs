namespace BrokerConsole.Sandbox.Fyers;

/// <summary>One access token issued by validate-authcode.</summary>
internal sealed record FyersSession(string Token, string AppId, string FyId, DateTimeOffset ExpiresAt)
{
    public bool Ended { get; set; }
}

/// <summary>An instrument of the sandbox universe: the Fyers symbol string, its fyToken and ISIN (reference §2.8).</summary>
internal sealed record FyersInstrument(string Symbol, string FyToken, string Isin, decimal BasePrice)
{
    public string Exchange => Symbol.Split(':')[0];
}

/// <summary>One order as the sandbox keeps it; mutable fields change on modify, fills and cancel.</summary>
internal sealed class FyersSandboxOrder
{
    public required string Id { get; init; }
    public required string FyId { get; init; }
    public required FyersInstrument Instrument { get; init; }
    public required int Side { get; init; }
    public required string ProductType { get; init; }
    public required string Validity { get; init; }
    public string? Tag { get; init; }
    public required DateTimeOffset PlacedAt { get; init; }
    public required int Qty { get; set; }

    /// <summary>1 limit, 2 market, 3 stop (SL-M), 4 stop-limit (SL-L).</summary>
    public required int Type { get; set; }
    public required decimal LimitPrice { get; set; }
    public required decimal StopPrice { get; set; }
    public int DisclosedQty { get; set; }

    /// <summary>Integer status of reference §2.7: 1 cancelled, 2 traded, 4 transit, 5 rejected, 6 pending, 7 expired.</summary>
    public int Status { get; set; } = 6;
    public int Filled { get; set; }
    public decimal TradedPrice { get; set; }
    public string Message { get; set; } = "";
    public DateTimeOffset? FilledAt { get; set; }
    public int Modifications { get; set; }
}

/// <summary>A fill; the sandbox fills an order in one trade.</summary>
internal sealed record FyersSandboxTrade(string TradeNumber, FyersSandboxOrder Order, int Qty, decimal Price, DateTimeOffset At);
