using System.Globalization;
using BrokerConsole.Sandbox.Shared;
using Microsoft.AspNetCore.Http;

namespace BrokerConsole.Sandbox.Angel;

/// <summary>SmartAPI login (client code, MPIN, TOTP), token renewal, profile and funds (RMS).</summary>
internal static partial class AngelSandboxEndpoints
{
    private static async Task<IResult> Login(HttpContext http, AngelState state)
    {
        var body = await ReadBody(http);
        var clientCode = body.GetValueOrDefault("clientcode");
        var user = state.Options.Users.FirstOrDefault(u => string.Equals(u.ClientCode, clientCode, StringComparison.OrdinalIgnoreCase));
        if (user is null || !string.Equals(user.Mpin, body.GetValueOrDefault("password"), StringComparison.Ordinal))
        {
            return Fail("AB1007", "Invalid clientcode or MPIN");
        }

        if (!SandboxTotp.Verify(SandboxTotp.DecodeSeed(user.TotpSecret)!, body.GetValueOrDefault("totp"), state.Now))
        {
            return Fail("AB1050", "Invalid totp");
        }

        var session = state.Issue(user.ClientCode, http.Request.Headers["X-PrivateKey"].ToString());
        return Ok(new
        {
            jwtToken = "Bearer " + session.Jwt,
            refreshToken = session.RefreshToken,
            feedToken = Guid.NewGuid().ToString("N"),
        });
    }

    /// <summary>generateTokens: <c>Authorization: Bearer &lt;current jwt&gt;</c> + <c>{"refreshToken"}</c> → a new token pair (reference §3.2).</summary>
    private static async Task<IResult> GenerateTokens(HttpContext http, AngelState state)
    {
        var jwt = http.Request.Headers.Authorization.ToString().Trim();
        while (jwt.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            jwt = jwt[7..].TrimStart();
        }

        if (jwt.Length == 0)
        {
            return Gateway("AG8003", "Token missing");
        }

        var body = await ReadBody(http);
        var (session, code, message) = state.Renew(jwt, http.Request.Headers["X-PrivateKey"].ToString(), body.GetValueOrDefault("refreshToken"));
        if (session is null)
        {
            return code == "AG8001" ? Gateway(code, message!) : Fail(code!, message!);
        }

        return Ok(new { jwtToken = "Bearer " + session.Jwt, refreshToken = session.RefreshToken, feedToken = Guid.NewGuid().ToString("N") });
    }

    private static object Profile(AngelSandboxUser user) => new
    {
        clientcode = user.ClientCode,
        name = user.Name,
        email = user.Email,
        mobileno = "",
        exchanges = new[] { "nse_cm", "bse_cm", "nse_fo" },
        products = new[] { "MARGIN", "MIS", "NRML", "CNC", "CO", "BO" },
        lastlogintime = "",
        broker = "",
    };

    private static Dictionary<string, string> Rms(AngelState state, AngelSandboxUser user)
    {
        var cash = state.Cash(user);
        var used = state.Orders(user.ClientCode).Where(o => o.Status is "open" or "trigger pending" && o.TransactionType == "BUY")
            .Sum(o => o.Quantity * (o.Price > 0 ? o.Price : state.Ltp(o.Scrip)));
        var f = (decimal v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        return new Dictionary<string, string>
        {
            ["net"] = f(cash - used),
            ["availablecash"] = f(cash),
            ["availableintradaypayin"] = "0.00",
            ["availablelimitmargin"] = "0.00",
            ["collateral"] = "0.00",
            ["m2munrealized"] = "0.00",
            ["m2mrealized"] = "0.00",
            ["utiliseddebits"] = f(used),
            ["utilisedspan"] = "0.00",
            ["utilisedoptionpremium"] = "0.00",
            ["utilisedholdingsales"] = "0.00",
            ["utilisedexposure"] = "0.00",
            ["utilisedturnover"] = "0.00",
            ["utilisedpayout"] = "0.00",
        };
    }
}
