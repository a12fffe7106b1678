using System.Security.Claims;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Web.Identity;

/// <summary>
/// Keeps a circuit's user honest: a sign-out or password change elsewhere (new security stamp, announced on the
/// <see cref="SessionsEnded"/> hub) ends the circuit's sign-in at once; a periodic re-check covers what is not
/// announced (a user deleted in the database, a stamp changed by another tool).
/// </summary>
internal sealed class RevalidatingIdentityAuthenticationStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private static readonly Task<AuthenticationState> _signedOut = Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity())));

    private readonly IServiceScopeFactory _scopeFactory;
    private readonly IOptions<IdentityOptions> _options;
    private readonly UserEventHub<SessionsEnded> _sessionsEnded;
    private readonly Lock _gate = new();
    private string? _userId;
    private IDisposable? _subscription;
    private bool _watching;

    public RevalidatingIdentityAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> options,
        UserEventHub<SessionsEnded> sessionsEnded)
        : base(loggerFactory)
    {
        _scopeFactory = scopeFactory;
        _options = options;
        _sessionsEnded = sessionsEnded;
        AuthenticationStateChanged += Follow;
    }

    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    /// <summary>
    /// Called when a circuit opens. Only circuits listen: a server-rendered request (e.g. the password change's own
    /// form post) already passed the cookie check and must finish rendering as the user it started as.
    /// </summary>
    public void WatchForSessionEnds()
    {
        lock (_gate)
        {
            _watching = true;
        }

        Follow(GetAuthenticationStateAsync());
    }

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = _scopeFactory.CreateAsyncScope();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await userManager.GetUserAsync(authenticationState.User);
        if (user is null)
        {
            return false;
        }

        if (!userManager.SupportsUserSecurityStamp)
        {
            return true;
        }

        var principalStamp = authenticationState.User.FindFirstValue(_options.Value.ClaimsIdentity.SecurityStampClaimType);
        return principalStamp == await userManager.GetSecurityStampAsync(user);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            AuthenticationStateChanged -= Follow;
            lock (_gate)
            {
                _subscription?.Dispose();
                _subscription = null;
            }
        }

        base.Dispose(disposing);
    }

    /// <summary>Listens for the announcements of whichever user the circuit now has (none when signed out).</summary>
    private void Follow(Task<AuthenticationState> state) => _ = state.ContinueWith(
        t =>
        {
            var userId = t.IsCompletedSuccessfully ? t.Result.User.FindFirstValue(_options.Value.ClaimsIdentity.UserIdClaimType) : null;
            lock (_gate)
            {
                if (!_watching || userId == _userId)
                {
                    return;
                }

                _subscription?.Dispose();
                _userId = userId;
                _subscription = userId is null ? null : _sessionsEnded.Subscribe(userId, _ => RecheckAsync());
            }
        },
        TaskScheduler.Default);

    private async Task RecheckAsync()
    {
        var state = await GetAuthenticationStateAsync();
        if (!await ValidateAuthenticationStateAsync(state, CancellationToken.None))
        {
            // The page's AuthorizeRouteView now renders its not-authorized content: a redirect to sign-in.
            SetAuthenticationState(_signedOut);
        }
    }
}
