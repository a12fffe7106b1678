namespace BrokerConsole.Core.Portfolio;

/// <summary>
/// The signed-in user's portfolio across all their accounts. Brokers are called only through
/// <see cref="Sessions.IBrokerGateway.CallBrokerAsync{T}"/>; accounts without a live session or whose
/// broker failed are listed in <see cref="PortfolioSnapshot.Issues"/>, never left out or filled in.
/// </summary>
public interface IPortfolioService
{
    /// <summary>
    /// Loads funds, positions and holdings of every live account in parallel (bounded), values every
    /// instrument at one common last price (a single batched quote call), and aggregates by symbol.
    /// </summary>
    Task<PortfolioSnapshot> LoadAsync(CancellationToken cancellationToken = default);
}
