using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Sandbox;
using BrokerConsole.Web.Api;
using BrokerConsole.Web.Circuits;
using BrokerConsole.Web.Components;
using BrokerConsole.Web.Connect;
using BrokerConsole.Web.Health;
using BrokerConsole.Web.Identity;
using BrokerConsole.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;

namespace BrokerConsole.Web;

public static partial class WebRegistration
{
    /// <summary>Blazor, MudBlazor, Identity and the authorization rule that every page needs a signed-in user.</summary>
    public static IHostApplicationBuilder AddBrokerConsoleWeb(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddRazorComponents().AddInteractiveServerComponents(options =>
        {
            // A disconnected circuit keeps its whole page in memory (about 1.4 MiB of managed heap for 50 account
            // cards, see AccountsCircuitMemoryTests) so that a tab that lost its connection resumes where it was. Three
            // minutes: a phone on a train loses its connection for a minute or two in a tunnel or between towers, and
            // the browser keeps retrying well past that (ten tries at once, ten 5 s apart, then every 30 s); one minute
            // made such a phone reload its page and lose an order form being filled in. A closed tab's circuit ends at
            // once and is not retained; only vanished tabs wait here, and the cap below bounds what they hold.
            options.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(3);
            // A self-hosted desk has a few people with a few tabs each; past this many the oldest disconnected go first.
            // At most 25 x 1.4 MiB for at most the retention period, then CircuitMemoryTrim hands it back.
            options.DisconnectedCircuitMaxRetained = 25;
        });
        services.AddMudServices(options =>
        {
            // Bottom right: a snackbar must never cover a page's header buttons.
            options.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight;
            options.SnackbarConfiguration.PreventDuplicates = true;
            options.SnackbarConfiguration.VisibleStateDuration = 6000;
        });
        services.AddHttpContextAccessor();
        builder.AddBrokerSandbox();
        services.AddSingleton<ISandboxAddress, SandboxAddress>();

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityAuthenticationStateProvider>();
        services.AddScoped<CircuitHandler, CurrentUserCircuitHandler>();
        services.AddScoped<CircuitConnection>();
        services.AddScoped<CircuitHandler>(sp => sp.GetRequiredService<CircuitConnection>());
        services.AddCircuitMemoryTrim(builder.Configuration);
        services.AddSingleton<Core.Events.UserEventHub<SessionsEnded>>();
        // A sign-out on one node ends the user's circuits on every node at once.
        services.AddCrossNodeEventKind(CrossNodeEventKind.For<SessionsEnded>("sessions-ended", (e, limit) => e with { Reason = EventText.Cut(e.Reason, limit) }));
        services.Configure<SecurityStampValidatorOptions>(options =>
        // Every request checks the cookie's security stamp against the database (one indexed read), so a
        // sign-out or password change refuses every copy of the old cookie at once, not after 30 minutes.
        {
            options.ValidationInterval = builder.Configuration.GetValue("Identity:StampCheckInterval", TimeSpan.Zero);
            options.OnRefreshingPrincipal = SignInSessions.KeepSessionId;
        });
        services.AddSingleton<RecentConfirmations>();
        services.AddSingleton<DummyPasswordCheck>();
        services.AddSignInRateLimits();
        services.AddRegistrationPolicy();
        services.AddScoped<IReauthentication, DialogReauthentication>();
        services.AddScoped<ITwoFactorStatus, IdentityTwoFactorStatus>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.AccessDeniedPath = "/account/login";
            options.Cookie.Name = "BrokerConsole.Auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax; // Lax, not Strict: the broker's redirect back to us must carry the cookie.
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
        });

        // Secure by default: any endpoint or page without [AllowAnonymous] needs a signed-in user.
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false; // self-hosted: no mail server assumed
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = true;
                options.Password.RequireDigit = true;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<BrokerConsoleDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<SessionClaimsPrincipalFactory>();
        // After the EF store: the console's authenticator key encrypted and its recovery codes hashed.
        services.AddScoped<IUserStore<ApplicationUser>, TwoFactorUserStore>();
        Components.Account.PasswordResetRegistration.AddPasswordResetLinks(services);

        services.AddBrokerConsoleApi();
        builder.AddNetworkSecurity();

        return builder;
    }

    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await DatabaseInitializer.MigrateAsync(app.Services, app.Lifetime.ApplicationStopping);
        // Before anything listens: a key ring that cannot read the stored secrets stops the start with one message.
        await Core.Credentials.KeyRing.KeyRingStartupCheck.RunAsync(app.Services, app.Lifetime.ApplicationStopping);
    }

    public static WebApplication UseBrokerConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseNetworkSecurity();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        // Inside the exception handler, so it answers first: a broken key ring gets a page that needs no Data
        // Protection and says what is wrong, where the error page would only say "something went wrong".
        app.UseKeyRingFailurePage();

        // Friendly pages for lost GETs only: re-executing a failed POST would re-read a form the
        // antiforgery check already rejected, turning a clean 400 into a 500.
        // Never for the API: its errors are problem details, not pages.
        app.UseWhen(context => HttpMethods.IsGet(context.Request.Method) && !ApiRegistration.IsApiRequest(context), branch => branch.UseStatusCodePagesWithReExecute("/not-found"));
        app.UseApiProblemStatusCodes();
        app.UseAuthentication();
        app.UseMiddleware<CurrentUserMiddleware>();
        if (app.Configuration.GetValue("Identity:RequireTwoFactor", false))
        {
            app.UseMiddleware<RequireTwoFactorMiddleware>();
        }
        app.UseAuthorization();
        app.UseRateLimiter(); // after authorization: the limiter partitions by the API key's principal
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        // Each circuit's WebSocket compressed with permessage-deflate keeps a native zlib state of ~300 KiB for its whole
        // life, outside the managed heap and the GC's trim: with 50 open tabs it was the largest native cost per circuit
        // (malloc arenas +17.6 MiB under load, 0.35 MiB a circuit; +1.7 MiB without compression; issue 18 section 4,
        // bench/README.md). Off by default; Circuits:WebSocketCompression=true trades that memory for fewer bytes on
        // a slow link. Off also leaves no compression side channel on a socket that carries account data.
        var compressSockets = app.Configuration.GetValue("Circuits:WebSocketCompression", false);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.DisableWebSocketCompression = !compressSockets);
        app.MapIdentityEndpoints();
        app.MapBrokerConnect();
        app.MapZerodhaPostbacks();
        app.MapBrokerSandbox();
        app.MapBrokerConsoleHealth();
        app.MapBrokerConsoleApi();
        Exports.ExportEndpoints.MapExportDownloads(app);
        Components.LoginAll.LoginPassRelease.MapLoginPassRelease(app);

        app.Lifetime.ApplicationStarted.Register(() => LogReady(app));
        return app;
    }

    private static void LogReady(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("BrokerConsole");
        var paths = app.Services.GetRequiredService<StoragePaths>();
        foreach (var address in addresses ?? [])
        {
            LogListening(logger, address, paths.DatabasePath);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "BrokerConsole is ready: open {Url} (data: {DatabasePath})")]
    private static partial void LogListening(ILogger logger, string url, string databasePath);
}
