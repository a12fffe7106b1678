using BrokerConsole.Sandbox.Angel;
using BrokerConsole.Sandbox.Dhan;
using BrokerConsole.Sandbox.Fyers;
using BrokerConsole.Sandbox.Kite;
using BrokerConsole.Sandbox.Shared;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Sandbox;

/// <summary>Wires the broker emulators into a host. The Web app calls both; tests host them alone.</summary>
public static class SandboxRegistration
{
    /// <summary>
    /// Binds and validates the <c>Sandbox</c> section (<see cref="SandboxOptions"/>) and registers the sandbox state
    /// as singletons. Uses the <see cref="TimeProvider"/> already registered (tests put a fake one first),
    /// else <see cref="TimeProvider.System"/>.
    /// </summary>
    public static IHostApplicationBuilder AddBrokerSandbox(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<SandboxOptions>().Bind(builder.Configuration.GetSection(SandboxOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        // Rate windows count on their own clock (real unless a test registers a fake one); see SandboxRateClock.
        services.TryAddSingleton(SandboxRateClock.System);
        services.TryAddSingleton<KiteSessionStore>();
        services.TryAddSingleton<KiteLoginTickets>();
        services.TryAddSingleton<KiteMarket>();
        services.TryAddSingleton<KiteOrderBook>();
        services.TryAddSingleton<KiteRateLimiter>();
        services.TryAddSingleton<KiteControlState>();
        services.TryAddSingleton<KitePostbacks>();
        services.TryAddSingleton<AngelMarket>();
        services.TryAddSingleton<AngelState>();
        services.TryAddSingleton<FyersState>();
        services.TryAddSingleton<DhanState>();
        services.TryAddSingleton<DhanRateLimiter>();
        services.TryAddSingleton<Telegram.TelegramSandboxState>();
        services.AddHttpClient(KitePostbacks.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        return builder;
    }

    /// <summary>
    /// Maps the Kite Connect v3 emulator under <c>/sandbox/kite</c> Angel One SmartAPI under <c>/sandbox/angel</c>, Fyers API v3 under <c>/sandbox/fyers</c> and DhanHQ v2 under <c>/sandbox/dhan/v2</c> (its auth host under <c>/sandbox/dhan/auth</c>) when <c>Sandbox:Enabled</c> is true, else nothing.
    /// Every endpoint allows anonymous access (the host's fallback policy requires sign-in) and skips antiforgery.
    /// </summary>
    public static IEndpointRouteBuilder MapBrokerSandbox(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<SandboxOptions>>().Value.Enabled)
        {
            KiteSandboxEndpoints.Map(endpoints);
            AngelSandboxEndpoints.Map(endpoints);
            FyersSandboxEndpoints.Map(endpoints);
            DhanSandboxEndpoints.Map(endpoints);
            Telegram.TelegramSandboxEndpoints.Map(endpoints);
            Shared.Instruments.InstrumentMasterEndpoints.Map(endpoints);
        }

        return endpoints;
    }
}
