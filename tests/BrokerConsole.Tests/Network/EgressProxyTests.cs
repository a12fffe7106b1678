using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Network;
using BrokerConsole.Tests.Sandbox.Kite;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Network;

/// <summary>
/// <c>Network:EgressProxy</c>: several nodes reach the brokers from one whitelisted IP. The Kite sandbox is addressed by a
/// name only the proxy resolves, so a broker call that succeeds went through it.
/// </summary>
public sealed class EgressProxyTests
{
    private const string ProxyPassword = "CANARYproxyPass55";

    private static AppFixture KiteBehindProxy(EgressProxyStub? proxy)
    {
        var recipe = AppFixture.Create().WithSandbox()
            .WithSetting("Brokers:Zerodha:ReadRetryCount", "0")
            .WithSetting("Network:PublicIpLookupUrl", "http://ip" + EgressProxyStub.Domain + "/");
        foreach (var (key, path) in SandboxRoutes.For(BrokerKind.Zerodha))
        {
            recipe.WithSetting(key, app => EgressProxyStub.OnlyThroughProxy(app.SandboxRoot, "kite") + path);
        }

        return proxy is null
            ? recipe
            : recipe.WithSetting("Network:EgressProxy", new UriBuilder(proxy.Address) { UserName = "desk", Password = ProxyPassword }.Uri.ToString());
    }

    [Fact]
    public async Task Logins_and_reads_leave_through_the_proxy_with_its_credentials_and_the_ip_shown_is_the_proxys()
    {
        await using var proxy = await EgressProxyStub.StartAsync("desk", ProxyPassword);
        await using var app = await KiteBehindProxy(proxy).StartAsync();
        await using var trader = await app.NewTraderAsync();

        var accountId = await app.AddKiteAccountAsync(trader);
        app.Sandbox.NextSecond();
        await trader.Sessions.CallBrokerAsync(accountId, (client, ct) => client.GetOrdersAsync(ct));
        var ip = await app.Services.GetRequiredService<IPublicIpProvider>().GetAsync();

        Assert.Contains("POST kite.egress.test/sandbox/kite/session/token", proxy.Seen);
        Assert.Contains("GET kite.egress.test/sandbox/kite/orders", proxy.Seen);
        Assert.Equal(EgressProxyStub.EgressIp, ip.Ip);
        Assert.Equal($"http://127.0.0.1:{proxy.Address.Port}", ip.Via);
        Assert.DoesNotContain(ProxyPassword, app.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_proxy_the_same_broker_is_unreachable_and_the_login_says_so()
    {
        await using var app = await KiteBehindProxy(proxy: null).StartAsync();
        await using var trader = await app.NewTraderAsync();
        var account = await trader.Accounts.CreateAsync(new AccountDraft
        {
            Broker = BrokerKind.Zerodha,
            DisplayName = "Behind the proxy",
            ClientId = KiteSandboxHost.UserId,
            Environment = AccountEnvironment.Sandbox,
            ApiKey = KiteSandboxHost.ApiKey,
            ApiSecret = KiteSandboxHost.ApiSecret,
            RedirectUrl = KiteSandboxHost.RedirectUrl,
        });

        var loginUri = await trader.Sessions.BeginPopupLoginAsync(account.Id);
        using var form = await app.Sandbox.PostLoginFormAsync(
            KiteSandboxHost.UserId, KiteSandboxHost.Password, app.Sandbox.CurrentTotp(), QueryHelpers.ParseQuery(loginUri.Query)["redirect_params"].ToString());
        var back = QueryHelpers.ParseQuery(form.Headers.Location!.Query);
        var result = await trader.Sessions.CompleteZerodhaLoginAsync(back["state"], back["status"], back["request_token"]);

        Assert.False(result.Succeeded);
        Assert.Contains("reach", result.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_builtin_sandbox_on_loopback_never_goes_through_the_proxy()
    {
        await using var proxy = await EgressProxyStub.StartAsync();
        await using var app = await AppFixture.Create().WithSandbox().WithSandboxBroker(BrokerKind.Zerodha)
            .WithSetting("Network:EgressProxy", proxy.Address.ToString())
            .StartAsync();

        await using var trader = await app.NewTraderWithSessionAsync();

        Assert.NotEqual(Guid.Empty, trader.AccountId);
        Assert.Empty(proxy.Seen);
    }

    [Fact]
    public void The_proxy_shown_anywhere_has_no_credentials()
    {
        var address = new Uri($"http://desk:{ProxyPassword}@egress.internal:3128/");

        var proxy = EgressProxy.Create(address)!;

        Assert.Equal("http://egress.internal:3128", EgressProxy.Describe(address));
        Assert.DoesNotContain(ProxyPassword, proxy.Address!.ToString(), StringComparison.Ordinal);
        Assert.Equal(ProxyPassword, proxy.Credentials!.GetCredential(address, "Basic")!.Password);
    }
}
