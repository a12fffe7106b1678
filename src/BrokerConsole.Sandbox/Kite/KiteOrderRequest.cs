using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace BrokerConsole.Sandbox.Kite;

/// <summary>A validated <c>POST /orders/{variety}</c> form (reference §7.3).</summary>
internal sealed record KiteOrderRequest(
    string Variety,
    KiteInstrument Instrument,
    string TransactionType,
    string OrderType,
    int Quantity,
    string Product,
    double Price,
    double TriggerPrice,
    int DisclosedQuantity,
    string Validity,
    int ValidityTtl,
    double MarketProtection,
    string? Tag,
    IReadOnlyDictionary<string, object> Meta)
{
    public static readonly IReadOnlySet<string> Varieties = new HashSet<string>(StringComparer.Ordinal) { "regular", "amo", "co", "iceberg", "auction" };
    private static readonly HashSet<string> _orderTypes = new(StringComparer.Ordinal) { "MARKET", "LIMIT", "SL", "SL-M" };
    private static readonly HashSet<string> _products = new(StringComparer.Ordinal) { "CNC", "NRML", "MIS", "MTF", "CO" };
    private static readonly HashSet<string> _validities = new(StringComparer.Ordinal) { "DAY", "IOC", "TTL" };

    /// <summary>The reference §4.3 text for the post-April-2026 market-protection rule.</summary>
    public const string MarketProtectionMessage =
        "Market orders without market protection are not allowed via API. Please set market protection or use a Limit order.";

    public const int MaxTagLength = 20;

    /// <summary>Parses and validates; synchronous InputExceptions here model the API's "mini RMS" (reference §4.4).</summary>
    public static (KiteOrderRequest? Request, KiteError? Error) Parse(string variety, IFormCollection form)
    {
        if (!Varieties.Contains(variety))
        {
            return Fail(KiteError.Invalid("variety"));
        }

        var exchange = Text(form, "exchange");
        var symbol = Text(form, "tradingsymbol");
        if (exchange is null)
        {
            return Fail(KiteError.Missing("exchange"));
        }

        if (symbol is null)
        {
            return Fail(KiteError.Missing("tradingsymbol"));
        }

        var instrument = KiteMarket.FindInstrument(exchange, symbol);
        if (instrument is null || !instrument.Tradable)
        {
            return Fail(KiteError.Input("Invalid `tradingsymbol` or `exchange`: instrument not found or not tradable."));
        }

        var side = Text(form, "transaction_type");
        if (side is not ("BUY" or "SELL"))
        {
            return Fail(side is null ? KiteError.Missing("transaction_type") : KiteError.Invalid("transaction_type"));
        }

        var orderType = Text(form, "order_type");
        if (orderType is null || !_orderTypes.Contains(orderType))
        {
            return Fail(orderType is null ? KiteError.Missing("order_type") : KiteError.Invalid("order_type"));
        }

        var product = Text(form, "product");
        if (product is null || !_products.Contains(product))
        {
            return Fail(product is null ? KiteError.Missing("product") : KiteError.Invalid("product"));
        }

        if (!TryInt(form, "quantity", out var quantity) || quantity <= 0)
        {
            return Fail(Text(form, "quantity") is null ? KiteError.Missing("quantity") : KiteError.Invalid("quantity"));
        }

        if (!TryDecimal(form, "price", out var price) || price < 0)
        {
            return Fail(KiteError.Invalid("price"));
        }

        if (!TryDecimal(form, "trigger_price", out var trigger) || trigger < 0)
        {
            return Fail(KiteError.Invalid("trigger_price"));
        }

        if (orderType is "LIMIT" or "SL" && price <= 0)
        {
            return Fail(KiteError.Input("Invalid `price`: a LIMIT or SL order needs a price above 0."));
        }

        if ((orderType is "SL" or "SL-M" || variety == "co") && trigger <= 0)
        {
            return Fail(KiteError.Input("Invalid `trigger_price`: SL, SL-M and cover orders need a trigger price above 0."));
        }

        if (!TryInt(form, "disclosed_quantity", out var disclosed) || disclosed < 0 || disclosed > quantity)
        {
            return Fail(KiteError.Invalid("disclosed_quantity"));
        }

        var validity = Text(form, "validity") ?? "DAY";
        if (!_validities.Contains(validity))
        {
            return Fail(KiteError.Invalid("validity"));
        }

        var ttl = 0;
        if (validity == "TTL" && (!TryInt(form, "validity_ttl", out ttl) || ttl <= 0))
        {
            return Fail(KiteError.Input("Invalid `validity_ttl`: TTL orders need validity_ttl in minutes."));
        }

        var (protection, protectionError) = ParseMarketProtection(form, orderType);
        if (protectionError is not null)
        {
            return Fail(protectionError);
        }

        var tag = Text(form, "tag");
        if (tag is { Length: > MaxTagLength })
        {
            return Fail(KiteError.Input($"Invalid `tag`: maximum {MaxTagLength} characters."));
        }

        var (meta, varietyError) = VarietyMeta(variety, form, quantity);
        return varietyError is not null
            ? Fail(varietyError)
            : (new KiteOrderRequest(variety, instrument, side, orderType, quantity, product, price, trigger, disclosed,
                validity, ttl, protection, tag, meta), null);
    }

    /// <summary>
    /// MARKET and SL-M need <c>-1</c> (automatic) or a percentage in (0, 100] since 2026-04-01 (reference §12.3);
    /// other order types ignore it, as on the real API.
    /// </summary>
    public static (double Value, KiteError? Error) ParseMarketProtection(IFormCollection form, string orderType)
    {
        var raw = Text(form, "market_protection");
        if (raw is not null && !double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return (0, KiteError.Input($"Invalid request (failed to decode market_protection, got: {raw} (expected decimal))"));
        }

        var value = raw is null ? 0 : double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (orderType is not ("MARKET" or "SL-M"))
        {
            return (value, null);
        }

        if (value == 0)
        {
            return (0, KiteError.Input(MarketProtectionMessage));
        }

        return value == -1 || value is > 0 and <= 100
            ? (value, null)
            : (0, KiteError.Input("Invalid `market_protection`: use -1 (automatic) or a percentage above 0 and up to 100."));
    }

    private static (IReadOnlyDictionary<string, object> Meta, KiteError? Error) VarietyMeta(string variety, IFormCollection form, int quantity)
    {
        var empty = new Dictionary<string, object>();
        switch (variety)
        {
            case "iceberg":
                if (!TryInt(form, "iceberg_legs", out var legs) || legs is < 2 or > 50)
                {
                    return (empty, KiteError.Input("Invalid `iceberg_legs`: between 2 and 50."));
                }

                if (!TryInt(form, "iceberg_quantity", out var legQuantity) || legQuantity <= 0 || legQuantity * legs < quantity)
                {
                    return (empty, KiteError.Invalid("iceberg_quantity"));
                }

                return (new Dictionary<string, object>
                {
                    ["iceberg"] = new Dictionary<string, int>
                    {
                        ["leg"] = 1,
                        ["legs"] = legs,
                        ["leg_quantity"] = legQuantity,
                        ["total_quantity"] = quantity,
                        ["remaining_quantity"] = quantity,
                    },
                }, null);
            case "auction" when Text(form, "auction_number") is null:
                return (empty, KiteError.Missing("auction_number"));
            default:
                return (empty, null);
        }
    }

    public static string? Text(IFormCollection form, string key)
    {
        var value = form[key].ToString().Trim();
        return value.Length == 0 ? null : value;
    }

    /// <summary>Absent means 0; present but malformed means false.</summary>
    public static bool TryInt(IFormCollection form, string key, out int value)
    {
        value = 0;
        var raw = Text(form, key);
        return raw is null || int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryDecimal(IFormCollection form, string key, out double value)
    {
        value = 0;
        var raw = Text(form, key);
        return raw is null || (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value));
    }

    private static (KiteOrderRequest?, KiteError?) Fail(KiteError error) => (null, error);
}
