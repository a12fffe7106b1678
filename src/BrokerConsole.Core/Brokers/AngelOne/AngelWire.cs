using System.Text.Json;
using System.Text.Json.Serialization;

namespace BrokerConsole.Core.Brokers.AngelOne;

// SmartAPI sends nearly every number as a string (reference §3.6), so wire records keep strings and
// AngelMapping parses them; LooseStringConverter also accepts a bare number where one appears.

internal sealed record AngelLoginData(string? JwtToken, string? RefreshToken, string? FeedToken)
{
    public override string ToString() => "AngelLoginData { tokens = [redacted] }";
}

internal sealed record AngelProfile(string? ClientCode, string? Name, string? Email, string? MobileNo,
    List<string>? Exchanges, List<string>? Products, string? LastLoginTime, string? Broker);

internal sealed record AngelRms(string? Net, string? AvailableCash, string? AvailableIntradayPayIn, string? AvailableLimitMargin,
    string? Collateral, string? M2MUnrealized, string? M2MRealized, string? UtilisedDebits, string? UtilisedSpan,
    string? UtilisedOptionPremium, string? UtilisedHoldingSales, string? UtilisedExposure, string? UtilisedTurnover, string? UtilisedPayout);

internal sealed record AngelOrder(string? Variety, string? OrderType, string? ProductType, string? Duration, string? Price,
    string? TriggerPrice, string? Quantity, string? DisclosedQuantity, string? TradingSymbol, string? TransactionType,
    string? Exchange, string? SymbolToken, string? OrderTag, string? AveragePrice, string? FilledShares, string? UnfilledShares,
    string? CancelSize, string? OrderId, string? Text, string? Status, string? OrderStatus, string? UpdateTime,
    string? ExchOrderUpdateTime, string? ParentOrderId, string? UniqueOrderId, string? ExchangeOrderId);

internal sealed record AngelTrade(string? Exchange, string? ProductType, string? TradingSymbol, string? SymbolToken,
    string? TransactionType, string? FillPrice, string? FillSize, string? OrderId, string? FillId, string? FillTime);

internal sealed record AngelPosition(string? Exchange, string? SymbolToken, string? TradingSymbol, string? ProductType,
    string? BuyQty, string? SellQty, string? NetQty, string? BuyAvgPrice, string? SellAvgPrice, string? AvgNetPrice,
    string? NetValue, string? CfBuyQty, string? CfSellQty, string? Ltp, string? Pnl, string? Close,
    string? BuyAmount, string? SellAmount);

internal sealed record AngelHolding(string? TradingSymbol, string? Exchange, string? Isin, string? T1Quantity,
    string? RealisedQuantity, string? Quantity, string? AuthorisedQuantity, string? Product, string? CollateralQuantity,
    string? AveragePrice, string? Ltp, string? SymbolToken, string? Close, string? ProfitAndLoss, string? PnlPercentage);

internal sealed record AngelOrderResult(string? Script, string? OrderId, string? UniqueOrderId);

internal sealed record AngelScrip(string? Exchange, string? TradingSymbol, string? SymbolToken);

internal sealed record AngelQuoteItem(string? Exchange, string? TradingSymbol, string? SymbolToken, string? Ltp);

internal sealed record AngelQuoteData(List<AngelQuoteItem>? Fetched);

/// <summary>Reads a JSON string, number or boolean into a string.</summary>
internal sealed class LooseStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => null,
        _ => throw new JsonException($"Unexpected {reader.TokenType} where a value was expected."),
    };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
