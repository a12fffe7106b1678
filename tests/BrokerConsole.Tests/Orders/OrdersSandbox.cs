using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers.Zerodha;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Portfolio;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Tests.Sandbox.Kite;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Orders;

/// <summary>
/// Arms a one-shot "lost answer": the next order placement reaches the sandbox and is answered, but the
/// answer is withheld until the client's timeout fires, exactly like a reply lost after the broker accepted.
/// </summary>
public sealed class LostAnswerSwitch
{
    private int _armed;

    public void ArmForNextPlacement() => Interlocked.Exchange(ref _armed, 1);

    public bool TakeIfArmed() => Interlocked.Exchange(ref _armed, 0) == 1;
}

internal sealed class LostAnswerHandler(LostAnswerSwitch lostAnswer) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/orders/regular", StringComparison.Ordinal) && lostAnswer.TakeIfArmed())
        {
            response.Dispose();
            // The broker has the order; the client never hears back and times out.
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return response;
    }
}

/// <summary>The app with a short broker timeout and a lost-answer switch (<c>app.Get&lt;LostAnswerSwitch&gt;()</c>), against a hosted Kite sandbox.</summary>
public sealed class OrdersSandbox : IAppRecipe
{
    public static AppFixture Recipe()
    {
        var lostAnswer = new LostAnswerSwitch();
        return AppFixture.Create()
            .WithSandbox()
            .WithSandboxBroker(BrokerKind.Zerodha)
            .WithSetting("Brokers:Zerodha:ReadRetryCount", "0")
            .WithSetting("Brokers:Zerodha:RequestTimeout", "00:00:02")
            // A locked database fails a write after 1 s instead of SQLite's 30 s (the locked-database fault tests).
            .WithSetting("Storage:BusyTimeout", "00:00:01")
            .WithServices(services =>
            {
                services.AddSingleton(lostAnswer);
                services.AddHttpClient(KiteTransport.HttpClientName).AddHttpMessageHandler(() => new LostAnswerHandler(lostAnswer));
            });
    }
}

/// <summary>Console users with a sandbox Zerodha account, as the sandboxed fixtures' tests need them.</summary>
public static class ZerodhaTraders
{
    /// <summary>A new console user with one sandbox Zerodha account, logged in through the sandbox's form.</summary>
    public static async Task<Trader> NewTraderWithSessionAsync(this TestApp app, bool connect = true, string displayName = "Sandbox")
    {
        ArgumentNullException.ThrowIfNull(app);
        var userId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        var scope = app.ScopeFor(userId);
        var trader = new Trader(userId, scope);
        var account = await trader.Accounts.CreateAsync(new AccountDraft
        {
            Broker = BrokerKind.Zerodha,
            DisplayName = displayName,
            ClientId = KiteSandboxHost.UserId,
            Environment = AccountEnvironment.Sandbox,
            ApiKey = KiteSandboxHost.ApiKey,
            ApiSecret = KiteSandboxHost.ApiSecret,
            RedirectUrl = KiteSandboxHost.RedirectUrl,
        });
        trader.AccountId = account.Id;
        if (connect)
        {
            var loginUri = await trader.Sessions.BeginPopupLoginAsync(account.Id);
            var redirectParams = QueryHelpers.ParseQuery(loginUri.Query)["redirect_params"].ToString();
            using var response = await app.Sandbox.PostLoginFormAsync(KiteSandboxHost.UserId, KiteSandboxHost.Password, app.Sandbox.CurrentTotp(), redirectParams);
            var back = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
            var result = await trader.Sessions.CompleteZerodhaLoginAsync(back["state"], back["status"], back["request_token"]);
            Assert.True(result.Succeeded, result.Message);
        }

        return trader;
    }

    /// <summary>Every order in the sandbox user's book, read with the trader's live session.</summary>
    public static async Task<IReadOnlyList<Core.Brokers.BrokerOrder>> BookAsync(Trader trader)
    {
        ArgumentNullException.ThrowIfNull(trader);
        return await trader.Sessions.CallBrokerAsync(trader.AccountId, (client, ct) => client.GetOrdersAsync(ct));
    }
}

public sealed class Trader(string userId, AsyncServiceScope scope) : IAsyncDisposable
{
    public string UserId { get; } = userId;

    public AsyncServiceScope Scope { get; } = scope;

    public Guid AccountId { get; set; }

    public IAccountService Accounts => Scope.ServiceProvider.GetRequiredService<IAccountService>();

    public ISessionService Sessions => Scope.ServiceProvider.GetRequiredService<ISessionService>();

    public IOrderService Orders => Scope.ServiceProvider.GetRequiredService<IOrderService>();

    public IPortfolioService Portfolio => Scope.ServiceProvider.GetRequiredService<IPortfolioService>();

    public ValueTask DisposeAsync() => Scope.DisposeAsync();
}
