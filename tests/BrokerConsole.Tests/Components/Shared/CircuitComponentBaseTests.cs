using BrokerConsole.Core.Portfolio;
using BrokerConsole.Web.Components.Portfolio;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Components.Shared;

/// <summary>A page's reads end with the page: disposing it cancels the token it handed to the service.</summary>
public sealed class CircuitComponentBaseTests : ConsoleComponentTest
{
    /// <summary>A portfolio load that never answers on its own and keeps the token it was given.</summary>
    private sealed class PendingPortfolio : IPortfolioService
    {
        private readonly TaskCompletionSource<CancellationToken> _asked = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<CancellationToken> Asked => _asked.Task;

        public async Task<PortfolioSnapshot> LoadAsync(CancellationToken cancellationToken = default)
        {
            _asked.TrySetResult(cancellationToken);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("An infinite delay ended without being cancelled.");
        }
    }

    [Fact]
    public async Task Disposing_the_page_cancels_the_token_its_pending_load_was_given()
    {
        var portfolio = new PendingPortfolio();
        Services.AddSingleton<IPortfolioService>(portfolio);
        Render<PortfolioPage>();
        var token = await portfolio.Asked.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(token.CanBeCanceled);
        Assert.False(token.IsCancellationRequested);

        await DisposeComponentsAsync();

        Assert.True(token.IsCancellationRequested);
    }
}
