using System.Net;
using Microsoft.AspNetCore.WebUtilities;

namespace BrokerConsole.Tests.Sandbox.Kite;

public sealed class KiteLoginTests
{
    [Fact]
    public async Task LoginPage_known_api_key_shows_the_password_step_with_stable_ids()
    {
        await using var host = await KiteSandboxHost.StartAsync();

        using var response = await host.Client.GetAsync($"connect/login?v=3&api_key={KiteSandboxHost.ApiKey}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var marker in new[] { "id=\"userid\"", "autocomplete=\"username\"", "id=\"password\"", "autocomplete=\"current-password\"", "id=\"login-submit\"", "id=\"login-cancel\"" })
        {
            Assert.Contains(marker, html, StringComparison.Ordinal);
        }

        // The code is asked for on its own step, as on Kite's web login.
        Assert.DoesNotContain("id=\"totp\"", html, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PostAsync(KiteSandboxHost host, Dictionary<string, string> fields)
    {
        fields["api_key"] = KiteSandboxHost.ApiKey;
        fields["redirect_params"] = "account=9";
        return host.Client.PostAsync("connect/login", new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task LoginSteps_password_then_totp_step_redirects_and_a_wrong_code_stays_on_the_totp_step()
    {
        await using var host = await KiteSandboxHost.StartAsync();

        using var step1 = await PostAsync(host, new() { ["userid"] = KiteSandboxHost.UserId, ["password"] = KiteSandboxHost.Password, ["action"] = "login" });
        var totpPage = await step1.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, step1.StatusCode);
        Assert.Contains("id=\"totp\"", totpPage, StringComparison.Ordinal);
        Assert.Contains("autocomplete=\"one-time-code\"", totpPage, StringComparison.Ordinal);
        Assert.Contains("requestSubmit", totpPage, StringComparison.Ordinal); // the sixth digit submits
        Assert.DoesNotContain(KiteSandboxHost.Password, totpPage, StringComparison.Ordinal);
        var ticket = System.Text.RegularExpressions.Regex.Match(totpPage, "name=\"ticket\" value=\"([0-9a-f]{32})\"").Groups[1].Value;
        Assert.Equal(32, ticket.Length);

        var wrong = ((int.Parse(host.CurrentTotp(), System.Globalization.CultureInfo.InvariantCulture) + 500_000) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        using var refused = await PostAsync(host, new() { ["step"] = "totp", ["ticket"] = ticket, ["totp"] = wrong });
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Invalid TOTP", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("id=\"totp\"", refusedHtml, StringComparison.Ordinal);

        using var accepted = await PostAsync(host, new() { ["step"] = "totp", ["ticket"] = ticket, ["totp"] = host.CurrentTotp() });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var query = QueryHelpers.ParseQuery(accepted.Headers.Location!.Query);
        Assert.Equal("success", query["status"]);
        Assert.Equal("9", query["account"]);

        // The ticket is used up: a replay goes back to the password step.
        using var replay = await PostAsync(host, new() { ["step"] = "totp", ["ticket"] = ticket, ["totp"] = host.CurrentTotp() });
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("id=\"password\"", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
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
