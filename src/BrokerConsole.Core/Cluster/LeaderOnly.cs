namespace BrokerConsole.Core.Cluster;

/// <summary>"While leader": how a background service does its once-per-database work on the leading node only.</summary>
public static class LeaderOnly
{
    /// <summary>
    /// Waits until this node leads, runs <paramref name="work"/> with a token cancelled when the term ends or the app
    /// stops, and waits for the next term after a loss. Each term starts the work afresh, the way a restart would (the
    /// scheduler's first tick resumes interrupted runs). Returns when the app stops, or when the work ends by itself.
    /// </summary>
    public static async Task RunWhileLeaderAsync(this ILeadership leadership, Func<CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(leadership);
        ArgumentNullException.ThrowIfNull(work);
        while (!stoppingToken.IsCancellationRequested)
        {
            LeaderTerm term;
            try
            {
                term = await leadership.WaitForLeadershipAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            using var whileLeader = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, term.Lost);
            try
            {
                await work(whileLeader.Token);
            }
            catch (OperationCanceledException) when (whileLeader.IsCancellationRequested)
            {
            }

            if (!term.Lost.IsCancellationRequested)
            {
                // Ended on its own (switched off, or the app stops): nothing to wait for.
                return;
            }
        }
    }
}
