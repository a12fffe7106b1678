using System.Security.Claims;
using BrokerConsole.Core.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Core.Scheduling;

/// <summary>A DI scope acting as a schedule's owner (docs/decisions/0002), so the scheduler uses the same user-scoped services as a page.</summary>
internal static class SchedulerScope
{
    public static AsyncServiceScope For(IServiceScopeFactory scopes, string ownerId)
    {
        var scope = scopes.CreateAsyncScope();
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, ownerId), new Claim(ClaimTypes.Name, "scheduler")], authenticationType: "Scheduler");
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(new ClaimsPrincipal(identity));
        return scope;
    }
}
