using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace BrokerConsole.Sandbox.Kite;

/// <summary>The Kite v3 envelope (reference §3.3): success is always 200, errors always >= 400 with error_type.</summary>
internal static class KiteWire
{
    /// <summary>snake_case like the official mocks; nulls are written because the mocks show explicit nulls.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static IResult Success(object? data) =>
        Results.Json(new SuccessEnvelope("success", data), Json, "application/json", StatusCodes.Status200OK);

    public static IResult Error(int status, string errorType, string message) =>
        Results.Json(new ErrorEnvelope("error", message, errorType, null), Json, "application/json", status);

    public static IResult Error(KiteError error) => Error(error.Status, error.ErrorType, error.Message);

    private sealed record SuccessEnvelope(string Status, object? Data);

    private sealed record ErrorEnvelope(string Status, string Message, string ErrorType, object? Data);
}

/// <summary>An error the sandbox answers with; the factory methods hold the reference's exact messages.</summary>
internal sealed record KiteError(int Status, string ErrorType, string Message)
{
    public static readonly KiteError BadSession = Token("Incorrect `api_key` or `access_token`.");
    public static readonly KiteError BadChecksum = Token("Invalid `checksum`.");
    public static readonly KiteError BadRequestToken = Token("Token is invalid or has expired.");
    public static readonly KiteError TooManyRequests = new(StatusCodes.Status429TooManyRequests, "NetworkException", "Too many requests");

    public static KiteError Token(string message) => new(StatusCodes.Status403Forbidden, "TokenException", message);

    public static KiteError Input(string message) => new(StatusCodes.Status400BadRequest, "InputException", message);

    public static KiteError Missing(string field) => Input($"Missing or empty field `{field}`.");

    public static KiteError Invalid(string field) => Input($"Invalid `{field}`.");
}

/// <summary>Kite speaks IST (UTC+05:30, no DST) in every timestamp.</summary>
internal static class IstClock
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(5.5);

    public static DateTimeOffset ToIst(DateTimeOffset instant) => instant.ToOffset(Offset);

    public static string Format(DateTimeOffset instant) =>
        ToIst(instant).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    public static string FormatTime(DateTimeOffset instant) =>
        ToIst(instant).ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The first 06:00 IST strictly after <paramref name="issued"/>: the regulatory daily token flush (reference §5).</summary>
    public static DateTimeOffset NextSixAm(DateTimeOffset issued)
    {
        var ist = ToIst(issued);
        var sixAm = new DateTimeOffset(ist.Date.AddHours(6), Offset);
        return ist < sixAm ? sixAm : sixAm.AddDays(1);
    }

    /// <summary>The IST calendar day, used for day windows (order caps, OHLC).</summary>
    public static DateOnly Day(DateTimeOffset instant) => DateOnly.FromDateTime(ToIst(instant).DateTime);
}
