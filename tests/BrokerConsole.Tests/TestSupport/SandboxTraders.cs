using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Portfolio;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Tests.Sandbox.Kite;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.TestSupport;

/// <summary>A console user acting through the app's own services, as a signed-in page would.</summary>
public sealed class Trader(string userId, AsyncServiceScope scope) : IAsyncDisposable
{
    public string UserId { get; } = userId;

    public AsyncServiceScope Scope { get; } = scope;

    /// <summary>The account added last (most tests hold one).</summary>
    public Guid AccountId { get; set; }

    public IAccountService Accounts => Scope.ServiceProvider.GetRequiredService<IAccountService>();

    public ISessionService Sessions => Scope.ServiceProvider.GetRequiredService<ISessionService>();

    public IOrderService Orders => Scope.ServiceProvider.GetRequiredService<IOrderService>();

    public IPortfolioService Portfolio => Scope.ServiceProvider.GetRequiredService<IPortfolioService>();

    public IScheduleService Schedules => Scope.ServiceProvider.GetRequiredService<IScheduleService>();

    public ValueTask DisposeAsync() => Scope.DisposeAsync();
}

/// <summary>
/// Traders with sandbox accounts that really logged in: Zerodha through the hosted Kite sandbox's login form (the popup
/// a person would fill), the server-side brokers (Angel One, Dhan) through the same direct login as the Connect button.
/// </summary>
public static class SandboxTraders
{
    /// <summary>A new console user with no account yet.</summary>
    public static async Task<Trader> NewTraderAsync(this TestApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var userId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        return new Trader(userId, app.ScopeFor(userId));
    }

    /// <summary>A new console user with one sandbox Zerodha account, logged in unless <paramref name="connect"/> is false.</summary>
    public static async Task<Trader> NewTraderWithSessionAsync(this TestApp app, bool connect = true, string displayName = "Sandbox")
    {
        var trader = await app.NewTraderAsync();
        await app.AddKiteAccountAsync(trader, displayName, connect);
        return trader;
    }

    /// <summary>
    /// A sandbox Zerodha account for the Kite sandbox's demo user, logged in through its form unless <paramref name="connect"/>
    /// is false; <paramref name="clientId"/> replaces the demo user's id for an account that never logs in.
    /// </summary>
    public static Task<Guid> AddKiteAccountAsync(this TestApp app, Trader trader, string name = "Sandbox", bool connect = true, string? clientId = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Sandbox.AddKiteAccountAsync(trader, name, connect, clientId);
    }

    /// <summary>The same through a sandbox host of its own (one that outlives the apps using it, e.g. several nodes).</summary>
    public static async Task<Guid> AddKiteAccountAsync(this KiteSandboxHost sandbox, Trader trader, string name = "Sandbox", bool connect = true, string? clientId = null)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentNullException.ThrowIfNull(trader);
        var account = await trader.Accounts.CreateAsync(new AccountDraft
        {
            Broker = BrokerKind.Zerodha,
            DisplayName = name,
            ClientId = clientId ?? KiteSandboxHost.UserId,
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
            using var response = await sandbox.PostLoginFormAsync(KiteSandboxHost.UserId, KiteSandboxHost.Password, sandbox.CurrentTotp(), redirectParams);
            var back = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
            var result = await trader.Sessions.CompleteZerodhaLoginAsync(back["state"], back["status"], back["request_token"]);
            Assert.True(result.Succeeded, result.Message);
        }

        return account.Id;
    }

    /// <summary>An account of a broker that logs in server-side (Angel One's MPIN + TOTP, Dhan's token or PIN + TOTP), connected.</summary>
    public static async Task<Guid> AddConnectedAccountAsync(this Trader trader, AccountDraft draft)
    {
        ArgumentNullException.ThrowIfNull(trader);
        ArgumentNullException.ThrowIfNull(draft);
        var account = await trader.Accounts.CreateAsync(draft);
        var connected = await trader.Sessions.ConnectDirectAsync(account.Id);
        Assert.True(connected.Succeeded, connected.Message);
        trader.AccountId = account.Id;
        return account.Id;
    }
}
