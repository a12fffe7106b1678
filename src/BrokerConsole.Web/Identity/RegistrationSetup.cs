using BrokerConsole.Core.Identity.Registration;

namespace BrokerConsole.Web.Identity;

/// <summary>
/// <c>Identity:Registration</c> and <c>Identity:Administrators</c>. Unset, registration is open in Development (a
/// developer's own machine) and by invitation everywhere else: a server on a network must not let strangers in.
/// A misspelt mode stops the start rather than silently meaning something else.
/// </summary>
internal static class RegistrationSetup
{
    public const string ModeKey = "Identity:Registration";

    public static IServiceCollection AddRegistrationPolicy(this IServiceCollection services)
    {
        services.AddOptions<RegistrationOptions>()
            .Configure<IConfiguration, IHostEnvironment>((options, configuration, environment) =>
            {
                var configured = configuration[ModeKey];
                options.Mode = string.IsNullOrWhiteSpace(configured)
                    ? environment.IsDevelopment() ? RegistrationMode.Open : RegistrationMode.InviteOnly
                    : Enum.TryParse<RegistrationMode>(configured.Trim(), ignoreCase: true, out var mode) && Enum.IsDefined(mode) ? mode : 0;
                options.Administrators = configuration.GetSection("Identity:Administrators").Get<string[]>() ?? [];
            })
            .Validate(options => Enum.IsDefined(options.Mode), $"{ModeKey} must be Open, InviteOnly or Closed.")
            .ValidateOnStart();
        return services;
    }
}
