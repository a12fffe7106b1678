using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Core.Portfolio;
using BrokerConsole.Core.Sessions;

namespace BrokerConsole.Core.Exits;

public sealed class ExitService(
    ICurrentUser currentUser,
    IAccountService accounts,
    ISessionService sessions,
    IBrokerModules brokers,
    InstrumentCatalog instruments,
    ExitPlanStore plans,
    ExitLegRunner runner,
    IInstrumentPrices prices,
    IAuditTrail audit,
    TimeProvider time) : IExitService
{
    public async Task<ExitPlan> PreviewAsync(ExitScope scope, ExitPricing pricing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(pricing);
        var ownerId = currentUser.RequireUserId();
        var problems = scope.Problems().Concat(pricing.Problems()).ToList();
        if (problems.Count > 0)
        {
            throw new ExitRequestInvalidException(problems);
        }

        if (scope.AccountId is { } accountId)
        {
            // Ownership first: another user's account is "not found" before any broker is called.
            await accounts.GetAsync(accountId, cancellationToken);
        }

        var (loaded, skipped) = await AccountFanOut.RunAsync(accounts, sessions,
            (account, ct) => sessions.CallBrokerAsync(account.Id, (client, c) => client.GetPositionsAsync(c), ct), scope.AccountId, cancellationToken);
        var positions = loaded.Select(l => new AccountPositions(l.Account.Id, l.Account.DisplayName, l.Account.Broker, l.Value.Net)).ToList();
        var index = await instruments.GetAsync(cancellationToken);
        if (pricing.OrderType == OrderType.Limit)
        {
            positions = await new MissingLastPrices(prices).FillAsync(positions, index, cancellationToken);
        }

        var legs = ExitPlanner.Plan(scope, pricing, positions, index,
            broker => brokers.For(broker).Has(BrokerCapabilities.MarketProtection));

        var now = time.GetUtcNow();
        var plan = new ExitPlan(Guid.NewGuid(), scope, pricing, legs, skipped, now, now + ExitPlanStore.Lifetime);
        plans.Add(ownerId, plan);
        return plan;
    }

    public async Task<ExitRun> ConfirmAsync(Guid planId, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        var plan = plans.Take(ownerId, planId) ?? throw new ExitPlanNotFoundException();
        // The plan was taken out of the store, so its tags have never been sent before: no book lookup is needed first.
        var results = await runner.RunAsync(plan.Legs, leg => ExitTags.ForExit(plan.Id, leg.AccountId, leg.Index), null, cancellationToken);
        var run = new ExitRun(plan.Id, results, plan.Skipped, time.GetUtcNow());

        var skippedAccounts = plan.Skipped.Count == 0 ? "" : $"; {plan.Skipped.Count} account(s) skipped: {string.Join(", ", plan.Skipped.Select(s => s.DisplayName))}";
        await audit.RecordAsync(ownerId, AuditAction.PositionsExited,
            $"Exit of {plan.Scope.Describe()} confirmed: {run.Count(ExitOutcome.Done)} placed, {run.Count(ExitOutcome.Rejected)} rejected, " +
            $"{run.Count(ExitOutcome.Unknown)} unknown, {run.Count(ExitOutcome.Skipped)} not sent{skippedAccounts}",
            plan.Scope.AccountId, CancellationToken.None);
        return run;
    }
}
