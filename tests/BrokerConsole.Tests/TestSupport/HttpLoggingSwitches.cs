using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace BrokerConsole.Tests.TestSupport;

internal static class HttpLoggingSwitches
{
    /// <summary>
    /// .NET 9's HttpClientFactory logging hides query strings by default, and an app may turn that off.
    /// The tests run with it off (full URIs logged), so the log-redaction tests prove that our own
    /// code keeps tokens out of logs rather than relying on the framework default. Only log verbosity
    /// changes for other tests.
    /// </summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "Test assembly: a process-wide switch must be set before HttpClientFactory caches it.")]
    internal static void LogFullUris() => AppContext.SetSwitch("System.Net.Http.DisableUriRedaction", true);
}
