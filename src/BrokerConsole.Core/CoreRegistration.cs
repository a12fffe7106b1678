using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Brokers.CredentialChecks;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Health;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Network;
using BrokerConsole.Core.Notifications;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Core.Sessions.Monitoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core;

public static class CoreRegistration
{
    /// <summary>Storage, encryption, accounts and auditing: everything below the UI.</summary>
    public static IHostApplicationBuilder AddBrokerConsoleCore(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var storageOptions = builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        var paths = StoragePaths.Resolve(storageOptions, builder.Environment.ContentRootPath);
        services.AddSingleton(paths);

        // Storage:Provider picks the engine (SQLite by default); everything engine-specific is in Persistence/Providers.
        var storageProvider = Persistence.Providers.StorageProviderSelection.Select(builder.Configuration, paths, storageOptions);
        // On PostgreSQL the key ring is in the database: no keys folder to mistake for it.
        paths.EnsureCreated(keyRingFolder: storageProvider.Kind == Persistence.Providers.StorageProviderKind.Sqlite);
        services.AddSingleton(storageProvider);
        services.AddDbContextFactory<BrokerConsoleDbContext>(storageProvider.Configure);
        // Identity's stores need a scoped DbContext; hand them one from the same factory.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContext());

        // The key ring: a folder beside the SQLite file, or the database on PostgreSQL (certificate required there).
        Credentials.KeyRing.KeyRingRegistration.AddKeyRing(services, builder.Configuration, storageProvider, paths);

        services.TryAddSingleton(TimeProvider.System);
        // One leader among the nodes of a database (a PostgreSQL lease; SQLite's one node always leads) and run ownership.
        Cluster.ClusterRegistration.AddCluster(services, storageProvider, builder.Configuration);
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.AddOptions<Credentials.KeyRing.KeyRingOptions>().BindConfiguration(Credentials.KeyRing.KeyRingOptions.SectionName);
        services.AddSingleton<Credentials.KeyRing.KeyRingInspector>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<CurrentUser>());
        services.AddScoped<IAuditTrail, AuditTrail>();
        services.AddScoped<RequestOrigin>();
        services.AddScoped<IUserPreferences, UserPreferences>();
        services.AddScoped<Identity.Registration.ConsoleAdministrators>();
        services.AddScoped<Identity.Registration.UserRegistration>();
        services.AddScoped<Identity.Registration.IInviteBook, Identity.Registration.InviteBook>();
        services.AddScoped<IAccountService, AccountService>();

        services.AddBrokerClients(builder.Configuration);
        services.AddCredentialChecks();
        Instruments.InstrumentRegistration.AddInstruments(services, builder.Configuration);
        services.AddOptions<NetworkOptions>().BindConfiguration(NetworkOptions.SectionName);
        // The lookup leaves the way broker calls do, so it shows the IP the brokers see.
        services.AddHttpClient(PublicIpProvider.HttpClientName).UseEgressProxy().RemoveAllLoggers();
        services.AddSingleton<IPublicIpProvider, PublicIpProvider>();
        services.AddOptions<SessionOptions>().BindConfiguration(SessionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // One hub per event kind (session changes, order updates, run progress), each per user.
        services.AddSingleton(typeof(UserEventHub<>));
        // With PostgreSQL several nodes may serve one database: the hubs' events also cross nodes over LISTEN/NOTIFY.
        services.AddCrossNodeEvents(storageProvider.Kind, builder.Configuration.GetConnectionString(Persistence.Providers.StorageProviderSelection.ConnectionStringName));
        services.AddSingleton<SessionLifecycle>();
        services.AddSingleton<Sessions.MorningLogin.LoginPassLease>();
        // Sessions: three services of one job each, and the whole for consumers that use more than one part.
        services.AddScoped<SessionStore>();
        services.AddScoped<ISessionQueries, SessionQueries>();
        services.AddScoped<ISessionLogins, SessionLogins>();
        services.AddScoped<IBrokerGateway, BrokerGateway>();
        services.AddScoped<ISessionService, SessionService>();
        services.AddScoped<SessionRenewal>();
        services.AddScoped<INotificationService, NotificationService>();

        services.AddOptions<SessionMonitorOptions>().BindConfiguration(SessionMonitorOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SessionMonitorStatus>();
        services.AddSingleton<ISessionSweeper, SessionSweeper>();
        services.AddHostedService<SessionHealthMonitor>();
        services.AddOptions<Sessions.MorningLogin.MorningReminderOptions>().BindConfiguration(Sessions.MorningLogin.MorningReminderOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Sessions.MorningLogin.MorningReminder>();
        services.AddHostedService<Sessions.MorningLogin.MorningReminderHost>();

        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<DatabaseWriteHealthCheck>("database-write", failureStatus: Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, tags: ["ready"])
            .AddCheck<KeyRingHealthCheck>("keyring", tags: ["ready"])
            .AddCheck<SessionMonitorHealthCheck>("session-monitor", failureStatus: Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded);
        services.AddScoped<Orders.ZerodhaPostbackReceiver>();
        services.AddSingleton<Orders.PostbackMemory>();
        // The order service as callers see it: placements also raise rejection and fill notices (Notifications/Trading).
        services.AddScoped<Orders.OrderService>();
        services.AddScoped<Orders.IOrderService, Notifications.Trading.NotifyingOrderService>();
        Notifications.NotificationRegistration.AddTradingNotifications(services, builder.Configuration);
        services.AddSingleton<Orders.OrderBookPoller>();
        // Exactly once under faults (issue #18): the re-send rule, its order-book check, and outcome recording that survives a locked database.
        services.AddOptions<Orders.OrderResendOptions>().BindConfiguration(Orders.OrderResendOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Orders.ResendRule>();
        services.AddSingleton<Orders.InFlightOrderCheck>();
        services.AddSingleton<Orders.OrderIntentStore>();
        services.AddSingleton<Orders.OrderOutcomeRecorder>();
        services.AddScoped<Portfolio.IPortfolioService, Portfolio.PortfolioService>();
        Exits.ExitRegistration.AddExits(services);
        Exports.ExportRegistration.AddExports(services);

        services.AddOptions<Scheduling.SchedulingOptions>().BindConfiguration(Scheduling.SchedulingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // One market calendar: the scheduler reads it as IHolidayCalendar, the morning login rules as IMarketCalendar.
        services.AddSingleton<Scheduling.HolidayCalendar>();
        services.AddSingleton(sp => new Scheduling.MarketCalendar(sp.GetRequiredService<Scheduling.HolidayCalendar>().IsHoliday));
        services.AddSingleton<Scheduling.IMarketCalendar>(sp => sp.GetRequiredService<Scheduling.MarketCalendar>());
        services.AddSingleton<Scheduling.IHolidayCalendar>(sp => sp.GetRequiredService<Scheduling.MarketCalendar>());
        services.AddSingleton<Scheduling.RunPlanner>();
        services.AddSingleton<Scheduling.RunItemWriter>();
        services.AddSingleton<Scheduling.RunResumption>();
        services.AddSingleton<Scheduling.PreRunWarner>();
        services.AddSingleton<Scheduling.RunWarmUp>();
        services.AddSingleton<Scheduling.RunNowQueue>();
        services.AddSingleton<Scheduling.IScheduleRunner, Scheduling.ScheduleRunner>();
        services.AddScoped<Scheduling.IScheduleService, Scheduling.ScheduleService>();
        services.AddHostedService<Scheduling.ScheduleHostedService>();
        services.AddSingleton<Baskets.BasketRunCreator>();
        services.AddScoped<Baskets.IBasketService, Baskets.BasketService>();
        services.AddScoped<ApiKeys.ApiKeyService>();
        services.AddScoped<ApiKeys.IApiKeyService>(sp => sp.GetRequiredService<ApiKeys.ApiKeyService>());
        services.AddScoped<ApiKeys.IApiKeyAuthenticator>(sp => sp.GetRequiredService<ApiKeys.ApiKeyService>());
        return builder;
    }
}
