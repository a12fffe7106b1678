using System.Net;
using BrokerConsole.Core.Credentials;

namespace BrokerConsole.Tests.Sandbox.Kite;

public sealed class KiteLoginDemoHintTests
{
    [Fact]
    public async Task Login_page_shows_current_code_only_for_users_marked_for_it()
    {
        await using var host = await KiteSandboxHost.StartAsync(settings =>
        {
            settings["Sandbox:Kite:Users:0:ShowOnLoginPage"] = "true";
            settings["Sandbox:Kite:Users:1:UserId"] = "HIDDEN1";
            settings["Sandbox:Kite:Users:1:Password"] = "hidden-password-1";
            settings["Sandbox:Kite:Users:1:TotpSecret"] = "KRSXG5CTMVRXEZLU";
            settings["Sandbox:Kite:Users:1:UserName"] = "Hidden";
            settings["Sandbox:Kite:Users:1:Email"] = "hidden@example.test";
        });

        var html = await host.Client.GetStringAsync($"connect/login?v=3&api_key={KiteSandboxHost.ApiKey}");

        var code = TotpSeed.Parse(KiteSandboxHost.TotpSecret).CodeAt(host.Clock!.GetUtcNow()).Value;
        Assert.Contains($"data-user=\"{KiteSandboxHost.UserId}\">{code}</code>", html, StringComparison.Ordinal);
        Assert.Contains(KiteSandboxHost.Password, html, StringComparison.Ordinal);
        Assert.DoesNotContain("HIDDEN1", html, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden-password-1", html, StringComparison.Ordinal);

        // The shown code really logs in, and the check is still a check.
        using var ok = await host.PostLoginFormAsync(KiteSandboxHost.UserId, KiteSandboxHost.Password, code);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        using var wrong = await host.PostLoginFormAsync(KiteSandboxHost.UserId, KiteSandboxHost.Password, code == "000000" ? "111111" : "000000");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
    }

    [Fact]
    public async Task Login_page_has_no_demo_box_when_no_user_is_marked()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var html = await host.Client.GetStringAsync($"connect/login?v=3&api_key={KiteSandboxHost.ApiKey}");
        Assert.DoesNotContain("demo-users", html, StringComparison.Ordinal);
        Assert.DoesNotContain(KiteSandboxHost.Password, html, StringComparison.Ordinal);
    }
}
