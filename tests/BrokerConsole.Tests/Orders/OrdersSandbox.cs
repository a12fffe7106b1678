using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers.Zerodha;
using BrokerConsole.Tests.TestSupport;
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

/// <summary>Reads of a trader's sandbox Zerodha account (the trader comes from <see cref="SandboxTraders"/>).</summary>
public static class ZerodhaTraders
{
    /// <summary>Every order in the sandbox user's book, read with the trader's live session.</summary>
    public static async Task<IReadOnlyList<Core.Brokers.BrokerOrder>> BookAsync(Trader trader)
    {
        ArgumentNullException.ThrowIfNull(trader);
        return await trader.Sessions.CallBrokerAsync(trader.AccountId, (client, ct) => client.GetOrdersAsync(ct));
    }
}
