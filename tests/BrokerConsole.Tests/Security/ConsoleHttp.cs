using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.WebUtilities;

namespace BrokerConsole.Tests.Security;

/// <summary>A cookie-keeping HTTP client on a running app, driving its forms the way a browser without JavaScript does.</summary>
public sealed class ConsoleHttp : IDisposable
{
    private readonly HttpClientHandler _handler;

    public ConsoleHttp(Uri baseUrl)
    {
        _handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        Client = new HttpClient(_handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    public CookieContainer Cookies => _handler.CookieContainer;

    public async Task SignInAsync(string email, string password)
    {
        var response = await Client.SubmitAsync("/account/login", "login", new Dictionary<string, string>
        {
            ["Form.Email"] = email,
            ["Form.Password"] = password,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.BodyAsync());
    }

    /// <summary>
    /// The Zerodha popup login of a sandbox account without the popup: start (the app's state), a request token from
    /// the in-process sandbox's control surface as if the demo user had logged in, then the callback.
    /// </summary>
    public async Task<string> ConnectZerodhaAsync(Guid accountId, string kiteUser)
    {
        var start = await Client.GetAsync($"/connect/zerodha/start?accountId={accountId}");
        Assert.True(start.StatusCode == HttpStatusCode.Redirect, await start.BodyAsync());
        var login = start.Headers.Location!;
        Assert.Equal("/sandbox/kite/connect/login", login.AbsolutePath);
        var state = QueryHelpers.ParseQuery(QueryHelpers.ParseQuery(login.Query)["redirect_params"].ToString())["state"].ToString();

        using var tokenResponse = await Client.PostAsJsonAsync("/sandbox/kite/__control/request-token", new { api_key = SandboxDemo.ApiKey, user_id = kiteUser });
        var tokenBody = await tokenResponse.Content.ReadAsStringAsync();
        Assert.True(tokenResponse.IsSuccessStatusCode, tokenBody);
        using var json = JsonDocument.Parse(tokenBody);
        var requestToken = json.RootElement.GetProperty("data").GetProperty("request_token").GetString();

        var callback = await Client.GetAsync($"/connect/zerodha/callback?action=login&status=success&request_token={requestToken}&state={Uri.EscapeDataString(state)}");
        return await callback.BodyAsync();
    }

    public void Dispose()
    {
        Client.Dispose();
        _handler.Dispose();
    }
}
