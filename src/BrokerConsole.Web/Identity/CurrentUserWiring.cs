using BrokerConsole.Core.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace BrokerConsole.Web.Identity;

/// <summary>Sets <see cref="CurrentUser"/> from the request's principal for plain HTTP requests and endpoints.</summary>
internal sealed class CurrentUserMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, CurrentUser currentUser)
    {
        currentUser.Set(context.User);
        return next(context);
    }
}

/// <summary>
/// Keeps <see cref="CurrentUser"/> in step with the circuit's authentication state, which outlives the
/// request that opened it (and changes when revalidation signs a user out).
/// </summary>
internal sealed class CurrentUserCircuitHandler(AuthenticationStateProvider authenticationStateProvider, CurrentUser currentUser)
    : CircuitHandler, IDisposable
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        authenticationStateProvider.AuthenticationStateChanged += OnAuthenticationChanged;
        currentUser.Set((await authenticationStateProvider.GetAuthenticationStateAsync()).User);
        if (authenticationStateProvider is RevalidatingIdentityAuthenticationStateProvider revalidating)
        {
            revalidating.WatchForSessionEnds();
        }
    }

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken) =>
        currentUser.Set((await authenticationStateProvider.GetAuthenticationStateAsync()).User);

    public void Dispose() => authenticationStateProvider.AuthenticationStateChanged -= OnAuthenticationChanged;

    private void OnAuthenticationChanged(Task<AuthenticationState> task) =>
        _ = task.ContinueWith(t => currentUser.Set(t.IsCompletedSuccessfully ? t.Result.User : null), TaskScheduler.Default);
}
