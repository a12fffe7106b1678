using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Sessions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Brokers.Fyers;

/// <summary>Fyers (API v3): an auth-code popup login every trading day.</summary>
internal sealed class FyersModule(IServiceProvider services, IOptions<FyersOptions> options) : IBrokerModule, IBrokerModuleSetup
{
    // Fyers redirects with s=ok&code=200&auth_code=…&state=… (reference §2.2).
    private static readonly PopupCallbackShape _callback = new("auth_code", "s", "ok", LoginStateCarrier.Query);

    // Where the sandbox (Sandbox/ of the same name) serves this broker, for the clients' sandbox settings.
    private static readonly IReadOnlyList<SandboxRoute> _routes = [new($"{FyersOptions.SectionName}:{nameof(FyersOptions.SandboxApiRoot)}", "/fyers")];

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FyersOptions>().Bind(configuration.GetSection(FyersOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FyersOptions>, FyersOptionsValidator>());
        services.TryAddSingleton<FyersRateLimiter>();
        services.AddBrokerHttpClient<FyersTransport>(FyersTransport.HttpClientName);
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPopupBrokerLogin, FyersLogin>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<CredentialChecks.ICredentialCheck, FyersCredentialCheck>());
        services.AddSandboxRoutes<FyersOptions>(configuration, FyersOptions.SectionName, _routes);
    }

    public IReadOnlyList<SandboxRoute> SandboxRoutes => _routes;

    public BrokerKind Kind => BrokerKind.Fyers;

    public string Slug => "fyers";

    public BrokerDescriptor Descriptor => BrokerCatalog.For(Kind);

    public BrokerCapabilities Capabilities =>
        BrokerCapabilities.ModifyOrder | BrokerCapabilities.OrderHistory | BrokerCapabilities.OrderHistoryIsCurrentRecord
        | BrokerCapabilities.TradeBook | BrokerCapabilities.Logout;

    public PopupCallbackShape PopupCallback => _callback;

    // Fyers refuses a bad code or app id hash with -437/-371: a rejection, not an expiry.
    public LoginRefusalAdvice RefusalAdvice { get; } = new()
    {
        PopupRefused = "Fyers refused the login code: check the app secret with Edit (it must belong to this app id), then log in again.",
        RejectionMeansRefused = true,
    };

    public TimeSpan LongestRequestLife => options.Value.RateLimitMaxWait + options.Value.RequestTimeout;

    public BrokerLoginStyle LoginStyleFor(IReadOnlySet<SecretKind> storedSecrets, string? apiKey) => BrokerLoginStyle.PopupOAuth;

    public string? DirectLoginTitle(IReadOnlySet<SecretKind> storedSecrets, string? apiKey) => null;

    public string DirectRefusalHint(IReadOnlySet<SecretKind> storedSecrets, string? apiKey) => "log in through Fyers' page instead.";

    public IBrokerClient CreateClient(BrokerConnection connection) => new FyersClient(services.GetRequiredService<FyersTransport>(), connection);

    // Fyers documents a trading-day token that dies overnight; the next 06:00 IST is the earliest documented moment.
    public DateTimeOffset SessionExpiresAt(DateTimeOffset loginTime) => SessionExpiryRules.NextDailyFlush(loginTime);

    public Instruments.IInstrumentMasterSource InstrumentMaster => new FyersInstrumentMaster(services, options.Value);

    public string? SymbolProblem(string symbol) => null;
}
