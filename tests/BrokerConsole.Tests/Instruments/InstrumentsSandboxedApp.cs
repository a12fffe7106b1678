using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Portfolio;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Tests.Sandbox.Kite;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.Instruments;

/// <summary>
/// The app in-process against one sandbox host serving all four brokers over real HTTP (their masters included), on a
/// fake clock. The sandbox's Kite user holds NSE:SBIN, its Angel One user SBIN-EQ and its Dhan user security id 3045.
/// </summary>
public sealed class InstrumentsSandboxedApp : TestApp, IAsyncLifetime
{
    public const string AngelApiKey = "angelinst01";
    public const string AngelClientCode = "I1001";
    public const string AngelMpin = "4321";
    public const string AngelTotpSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    public const string DhanClientId = "1000000777";
    public const string DhanToken = "dhan-instruments-token-0001";

    public KiteSandboxHost Sandbox { get; private set; } = default!;

    public FakeTimeProvider Clock => Sandbox.Clock!;

    private string Root(string broker) => Sandbox.BaseUrl[..^"/kite".Length] + "/" + broker;

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Sandbox:Enabled"] = "false",
        ["Scheduling:Enabled"] = "false",
        ["Instruments:DailyRefresh"] = "false",
        ["Brokers:Zerodha:SandboxApiRoot"] = Sandbox.BaseUrl,
        ["Brokers:Zerodha:SandboxLoginUrl"] = Sandbox.BaseUrl + "/connect/login",
        ["Brokers:Zerodha:ReadRetryCount"] = "0",
        ["Brokers:AngelOne:SandboxApiRoot"] = Root("angel"),
        ["Brokers:Fyers:SandboxApiRoot"] = Root("fyers"),
        ["Brokers:Dhan:SandboxApiRoot"] = Root("dhan") + "/v2",
        ["Brokers:Dhan:SandboxAuthRoot"] = Root("dhan") + "/auth",
    };

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    public async Task InitializeAsync()
    {
        Sandbox = await KiteSandboxHost.StartAsync(settings =>
        {
            settings["Sandbox:Kite:Users:0:Holdings:1:Instrument"] = "NSE:SBIN";
            settings["Sandbox:Kite:Users:0:Holdings:1:Quantity"] = "5";
            settings["Sandbox:Kite:Users:0:Holdings:1:AveragePrice"] = "700";
            settings["Sandbox:Angel:Apps:0:ApiKey"] = AngelApiKey;
            settings["Sandbox:Angel:Users:0:ClientCode"] = AngelClientCode;
            settings["Sandbox:Angel:Users:0:Mpin"] = AngelMpin;
            settings["Sandbox:Angel:Users:0:TotpSecret"] = AngelTotpSecret;
            settings["Sandbox:Angel:Users:0:Name"] = "Angel Holder";
            settings["Sandbox:Angel:Users:0:Email"] = "i1001@example.test";
            settings["Sandbox:Angel:Users:0:Holdings:0:TradingSymbol"] = "SBIN-EQ";
            settings["Sandbox:Angel:Users:0:Holdings:0:Quantity"] = "7";
            settings["Sandbox:Angel:Users:0:Holdings:0:AveragePrice"] = "750";
            settings["Sandbox:Dhan:Users:0:ClientId"] = DhanClientId;
            settings["Sandbox:Dhan:Users:0:Name"] = "Dhan Holder";
            settings["Sandbox:Dhan:Users:0:AccessToken"] = DhanToken;
            settings["Sandbox:Dhan:Users:0:Holdings:0:SecurityId"] = "3045";
            settings["Sandbox:Dhan:Users:0:Holdings:0:Quantity"] = "3";
            settings["Sandbox:Dhan:Users:0:Holdings:0:AveragePrice"] = "780";
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        await base.DisposeAsync();
    }

    public async Task<InstrumentsUser> NewUserAsync()
    {
        var userId = await CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        return new InstrumentsUser(ScopeFor(userId));
    }

    public async Task<Guid> AddKiteAccountAsync(InstrumentsUser user)
    {
        var account = await user.Accounts.CreateAsync(new AccountDraft
        {
            Broker = BrokerKind.Zerodha,
            DisplayName = "Kite",
            ClientId = KiteSandboxHost.UserId,
            Environment = AccountEnvironment.Sandbox,
            ApiKey = KiteSandboxHost.ApiKey,
            ApiSecret = KiteSandboxHost.ApiSecret,
            RedirectUrl = KiteSandboxHost.RedirectUrl,
        });
        var loginUri = await user.Sessions.BeginPopupLoginAsync(account.Id);
        var redirectParams = QueryHelpers.ParseQuery(loginUri.Query)["redirect_params"].ToString();
        using var response = await Sandbox.PostLoginFormAsync(KiteSandboxHost.UserId, KiteSandboxHost.Password, Sandbox.CurrentTotp(), redirectParams);
        var back = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        var result = await user.Sessions.CompleteZerodhaLoginAsync(back["state"], back["status"], back["request_token"]);
        Assert.True(result.Succeeded, result.Message);
        return account.Id;
    }

    public static async Task<Guid> AddAngelAccountAsync(InstrumentsUser user)
    {
        var account = await user.Accounts.CreateAsync(new AccountDraft
        {
            Broker = BrokerKind.AngelOne,
            DisplayName = "Angel",
            ClientId = AngelClientCode,
            Environment = AccountEnvironment.Sandbox,
            ApiKey = AngelApiKey,
            Mpin = AngelMpin,
            TotpSecret = AngelTotpSecret,
        });
        var connected = await user.Sessions.ConnectDirectAsync(account.Id);
        Assert.True(connected.Succeeded, connected.Message);
        return account.Id;
    }

    public static async Task<Guid> AddDhanAccountAsync(InstrumentsUser user)
    {
        var account = await user.Accounts.CreateAsync(new AccountDraft
        {
            Broker = BrokerKind.Dhan,
            DisplayName = "Dhan",
            ClientId = DhanClientId,
            Environment = AccountEnvironment.Sandbox,
            AccessToken = DhanToken,
        });
        var connected = await user.Sessions.ConnectDirectAsync(account.Id);
        Assert.True(connected.Succeeded, connected.Message);
        return account.Id;
    }
}

public sealed class InstrumentsUser(AsyncServiceScope scope) : IAsyncDisposable
{
    public IAccountService Accounts => scope.ServiceProvider.GetRequiredService<IAccountService>();

    public ISessionService Sessions => scope.ServiceProvider.GetRequiredService<ISessionService>();

    public IOrderService Orders => scope.ServiceProvider.GetRequiredService<IOrderService>();

    public IPortfolioService Portfolio => scope.ServiceProvider.GetRequiredService<IPortfolioService>();

    public ValueTask DisposeAsync() => scope.DisposeAsync();
}
