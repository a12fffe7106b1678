using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BrokerConsole.Core.Credentials;

namespace BrokerConsole.Tests.TestSupport;

/// <summary>
/// Reads order books straight from the sandboxes a <see cref="RunningApp"/> hosts, with the test's own broker sessions
/// (each sandbox keeps sessions side by side, so the app's sessions are untouched): the broker's own count of orders per
/// tag, the only count that proves "exactly once". Nothing here goes through the app under test.
/// </summary>
public sealed class SandboxBooks(Uri appBaseUrl) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = appBaseUrl, Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose() => _http.Dispose();

    /// <summary>Every tag in a Kite user's book with its number of orders.</summary>
    public async Task<IReadOnlyDictionary<string, int>> KiteTagsAsync(string userId)
    {
        using var tokenAnswer = await _http.PostAsJsonAsync("/sandbox/kite/__control/request-token", new { api_key = SandboxDemo.ApiKey, user_id = userId });
        var requestToken = (await OkJsonAsync(tokenAnswer)).GetProperty("data").GetProperty("request_token").GetString()!;
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(SandboxDemo.ApiKey + requestToken + SandboxDemo.ApiSecret)));
        using var session = new HttpRequestMessage(HttpMethod.Post, "/sandbox/kite/session/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["api_key"] = SandboxDemo.ApiKey, ["request_token"] = requestToken, ["checksum"] = checksum }),
        };
        session.Headers.Add("X-Kite-Version", "3");
        using var sessionAnswer = await _http.SendAsync(session);
        var accessToken = (await OkJsonAsync(sessionAnswer)).GetProperty("data").GetProperty("access_token").GetString()!;
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/sandbox/kite/orders");
            request.Headers.Add("X-Kite-Version", "3");
            request.Headers.TryAddWithoutValidation("Authorization", $"token {SandboxDemo.ApiKey}:{accessToken}");
            using var response = await _http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 5)
            {
                // The app shares the key's read rate: wait what the broker names, as a Kite client must (bounded).
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                continue;
            }

            var orders = (await OkJsonAsync(response)).GetProperty("data").EnumerateArray().ToList();
            return Count(orders.Select(o => o.TryGetProperty("tag", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null));
        }
    }

    /// <summary>
    /// Every tag ("ordertag") in an Angel One client's book. <paramref name="readerApiKey"/> is an app key of the test's
    /// own: Angel counts logins and book reads per key and second, so a key per read never meets the app's windows or another read's.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, int>> AngelTagsAsync(string readerApiKey, string clientCode, string mpin, string totpSecret)
    {
        var login = await AngelAsync(HttpMethod.Post, "/sandbox/angel/rest/auth/angelbroking/user/v1/loginByPassword", readerApiKey, null,
            new { clientcode = clientCode, password = mpin, totp = TotpSeed.Parse(totpSecret).CodeAt(DateTimeOffset.UtcNow).Value });
        Assert.True(login.GetProperty("status").GetBoolean(), login.ToString());
        var jwt = login.GetProperty("data").GetProperty("jwtToken").GetString()!;
        var book = await AngelAsync(HttpMethod.Get, "/sandbox/angel/rest/secure/angelbroking/order/v1/getOrderBook", readerApiKey, jwt, null);
        Assert.True(book.GetProperty("status").GetBoolean(), book.ToString());
        var data = book.GetProperty("data");
        var orders = data.ValueKind == JsonValueKind.Array ? data.EnumerateArray().ToList() : [];
        return Count(orders.Select(o => o.GetProperty("ordertag").GetString()));
    }

    /// <summary>Every tag ("correlationId") in a Dhan client's book, read with its access token.</summary>
    public async Task<IReadOnlyDictionary<string, int>> DhanTagsAsync(string clientId, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sandbox/dhan/v2/orders");
        request.Headers.TryAddWithoutValidation("access-token", accessToken);
        request.Headers.TryAddWithoutValidation("client-id", clientId);
        using var response = await _http.SendAsync(request);
        var orders = (await OkJsonAsync(response)).EnumerateArray().ToList();
        return Count(orders.Select(o => o.TryGetProperty("correlationId", out var c) ? c.GetString() : null));
    }

    private async Task<JsonElement> AngelAsync(HttpMethod method, string path, string apiKey, string? jwt, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in new[] { ("X-UserType", "USER"), ("X-SourceID", "WEB"), ("X-PrivateKey", apiKey), ("X-ClientLocalIP", "127.0.0.1"), ("X-ClientPublicIP", "127.0.0.1"), ("X-MACAddress", "00-00-00-00-00-00") })
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (jwt is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + jwt);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await _http.SendAsync(request);
        return await OkJsonAsync(response);
    }

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.Clone();
    }

    private static Dictionary<string, int> Count(IEnumerable<string?> tags) =>
        tags.Where(t => !string.IsNullOrEmpty(t)).GroupBy(t => t!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
