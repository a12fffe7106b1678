using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Baskets;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Tests.Sandbox.Kite;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Baskets;

/// <summary>
/// The app in-process against one sandbox host serving Kite, Angel One and Dhan over real HTTP (their instrument masters
/// included), on a fake clock: one Kite user, two Angel One clients and two Dhan clients, so a basket reaches five accounts
/// of three brokers. The scheduler's clock is off; confirmed baskets are executed by its hosted queue as in production.
/// </summary>
public sealed class BasketSandbox : IAppRecipe
{
    public const string AngelApiKey = "angelbasket01";
    public const string AngelMpin = "4321";
    public const string AngelTotpSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    public static readonly string[] AngelClients = ["B1001", "B1002"];
    public static readonly (string ClientId, string Token)[] DhanClients = [("1000000881", "dhan-basket-token-0001"), ("1000000882", "dhan-basket-token-0002")];

    public static AppFixture Recipe() => AppFixture.Create()
        .WithSandbox(s =>
        {
            s["Sandbox:Angel:Apps:0:ApiKey"] = AngelApiKey;
            for (var i = 0; i < AngelClients.Length; i++)
            {
                s[$"Sandbox:Angel:Users:{i}:ClientCode"] = AngelClients[i];
                s[$"Sandbox:Angel:Users:{i}:Mpin"] = AngelMpin;
                s[$"Sandbox:Angel:Users:{i}:TotpSecret"] = AngelTotpSecret;
                s[$"Sandbox:Angel:Users:{i}:Name"] = "Angel " + AngelClients[i];
                s[$"Sandbox:Angel:Users:{i}:OpeningBalance"] = "1000000";
            }

            for (var i = 0; i < DhanClients.Length; i++)
            {
                s[$"Sandbox:Dhan:Users:{i}:ClientId"] = DhanClients[i].ClientId;
                s[$"Sandbox:Dhan:Users:{i}:Name"] = "Dhan " + DhanClients[i].ClientId;
                s[$"Sandbox:Dhan:Users:{i}:AccessToken"] = DhanClients[i].Token;
                s[$"Sandbox:Dhan:Users:{i}:OpeningBalance"] = "1000000";
            }
        })
        .WithSandboxBroker(BrokerKind.Zerodha)
        .WithSandboxBroker(BrokerKind.AngelOne)
        .WithSandboxBroker(BrokerKind.Dhan)
        .WithSandboxBroker(BrokerKind.Fyers)
        .WithSetting("Scheduling:Enabled", "false")
        .WithSetting("Instruments:DailyRefresh", "false")
        .WithSetting("Brokers:Zerodha:ReadRetryCount", "0")
        .WithSetting("Brokers:AngelOne:RateLimitMaxWait", "00:00:15");
}

/// <summary>A console user of the basket tests, with accounts of three brokers added as they are needed.</summary>
public sealed class BasketUser(string userId, AsyncServiceScope scope) : IAsyncDisposable
{
    public string UserId { get; } = userId;

    public AsyncServiceScope Scope { get; } = scope;

    public IAccountService Accounts => Scope.ServiceProvider.GetRequiredService<IAccountService>();

    public ISessionService Sessions => Scope.ServiceProvider.GetRequiredService<ISessionService>();

    public IBasketService Baskets => Scope.ServiceProvider.GetRequiredService<IBasketService>();

    public static async Task<BasketUser> CreateAsync(TestApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var userId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        return new BasketUser(userId, app.ScopeFor(userId));
    }

    /// <summary>Kite (popup login through the sandbox's form), two Angel One (MPIN + TOTP) and two Dhan (token) accounts, all live.</summary>
    public async Task<IReadOnlyList<Guid>> AddFiveAccountsAsync(TestApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var kite = await Accounts.CreateAsync(new AccountDraft
        {
            Broker = BrokerKind.Zerodha,
            DisplayName = "Kite",
            ClientId = KiteSandboxHost.UserId,
            Environment = AccountEnvironment.Sandbox,
            ApiKey = KiteSandboxHost.ApiKey,
            ApiSecret = KiteSandboxHost.ApiSecret,
            RedirectUrl = KiteSandboxHost.RedirectUrl,
        });
        var loginUri = await Sessions.BeginPopupLoginAsync(kite.Id);
        var redirectParams = QueryHelpers.ParseQuery(loginUri.Query)["redirect_params"].ToString();
        using (var response = await app.Sandbox.PostLoginFormAsync(KiteSandboxHost.UserId, KiteSandboxHost.Password, app.Sandbox.CurrentTotp(), redirectParams))
        {
            var back = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
            var login = await Sessions.CompleteZerodhaLoginAsync(back["state"], back["status"], back["request_token"]);
            Assert.True(login.Succeeded, login.Message);
        }

        var ids = new List<Guid> { kite.Id };
        foreach (var client in BasketSandbox.AngelClients)
        {
            var angel = await Accounts.CreateAsync(new AccountDraft
            {
                Broker = BrokerKind.AngelOne,
                DisplayName = "Angel " + client,
                ClientId = client,
                Environment = AccountEnvironment.Sandbox,
                ApiKey = BasketSandbox.AngelApiKey,
                Mpin = BasketSandbox.AngelMpin,
                TotpSecret = BasketSandbox.AngelTotpSecret,
            });
            var connected = await Sessions.ConnectDirectAsync(angel.Id);
            Assert.True(connected.Succeeded, connected.Message);
            ids.Add(angel.Id);
        }

        foreach (var (clientId, token) in BasketSandbox.DhanClients)
        {
            var dhan = await Accounts.CreateAsync(new AccountDraft
            {
                Broker = BrokerKind.Dhan,
                DisplayName = "Dhan " + clientId,
                ClientId = clientId,
                Environment = AccountEnvironment.Sandbox,
                AccessToken = token,
            });
            var connected = await Sessions.ConnectDirectAsync(dhan.Id);
            Assert.True(connected.Succeeded, connected.Message);
            ids.Add(dhan.Id);
        }

        return ids;
    }

    /// <summary>How many orders of the account's book at the broker carry <paramref name="tag"/>: the only count that proves "exactly once".</summary>
    public async Task<int> CountAtBrokerAsync(TestApp app, Guid accountId, string tag)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Sandbox.NextSecond();
        var book = await Sessions.CallBrokerAsync(accountId, (client, ct) => client.GetOrdersAsync(ct));
        return book.Count(o => o.Tag == tag || o.Tags.Contains(tag));
    }

    public ValueTask DisposeAsync() => Scope.DisposeAsync();
}
