using System.Net;
using Microsoft.AspNetCore.WebUtilities;

namespace BrokerConsole.Tests.Sandbox.Kite;

public sealed class KiteLoginTests
{
    [Fact]
    public async Task LoginPage_known_api_key_shows_form_with_stable_ids()
    {
        await using var host = await KiteSandboxHost.StartAsync();

        using var response = await host.Client.GetAsync($"connect/login?v=3&api_key={KiteSandboxHost.ApiKey}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var marker in new[] { "id=\"userid\"", "id=\"password\"", "id=\"totp\"", "id=\"login-submit\"", "id=\"login-cancel\"" })
        {
            Assert.Contains(marker, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task LoginPage_unknown_api_key_shows_error_page()
    {
        await using var host = await KiteSandboxHost.StartAsync();

        using var response = await host.Client.GetAsync("connect/login?v=3&api_key=nope");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not a registered Kite Connect app", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginPost_valid_credentials_redirects_with_request_token_and_redirect_params()
    {
        await using var host = await KiteSandboxHost.StartAsync();

        using var response = await host.PostLoginFormAsync(KiteSandboxHost.UserId, KiteSandboxHost.Password, host.CurrentTotp(), "account=42&next=%2Fportfolio");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(KiteSandboxHost.RedirectUrl + "?", location.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("login", query["action"]);
        Assert.Equal("login", query["type"]);
        Assert.Equal("success", query["status"]);
        Assert.Equal(32, query["request_token"].ToString().Length);
        Assert.Equal("42", query["account"]);
        Assert.Equal("/portfolio", query["next"]);
    }

    [Fact]
    public async Task LoginPost_wrong_totp_reshows_form_without_redirect()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var wrong = ((int.Parse(host.CurrentTotp(), System.Globalization.CultureInfo.InvariantCulture) + 500_000) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

        using var response = await host.PostLoginFormAsync(KiteSandboxHost.UserId, KiteSandboxHost.Password, wrong);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("Invalid TOTP", html, StringComparison.Ordinal);
        Assert.Contains("id=\"login-submit\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginPost_totp_from_previous_step_is_accepted()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var code = host.CurrentTotp();
        host.Clock!.Advance(TimeSpan.FromSeconds(30));

        using var response = await host.PostLoginFormAsync(KiteSandboxHost.UserId, KiteSandboxHost.Password, code);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task LoginPost_wrong_password_reshows_form_with_message()
    {
        await using var host = await KiteSandboxHost.StartAsync();

        using var response = await host.PostLoginFormAsync(KiteSandboxHost.UserId, "wrong", host.CurrentTotp());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Invalid user ID or password.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginPost_cancel_redirects_with_cancelled_status_and_no_token()
    {
        await using var host = await KiteSandboxHost.StartAsync();

        using var response = await host.PostLoginFormAsync("", "", "", "account=7", action: "cancel");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var query = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        Assert.Equal("cancelled", query["status"]);
        Assert.False(query.ContainsKey("request_token"));
        Assert.Equal("7", query["account"]);
    }
}
