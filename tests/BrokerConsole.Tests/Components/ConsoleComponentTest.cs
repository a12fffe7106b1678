using BrokerConsole.Tests.TestSupport;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace BrokerConsole.Tests.Components;

/// <summary>
/// The base of every bUnit component test: MudBlazor's services, and JavaScript interop in loose mode
/// (MudBlazor calls into its script for focus, popovers and resize; a test asserts markup and service
/// calls, not those effects). Playwright keeps what needs a real browser.
/// </summary>
public abstract class ConsoleComponentTest : BunitContext, IAsyncLifetime
{
    protected ConsoleComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        // The real broker modules: components ask them what each broker can do and how it logs in.
        Services.AddSingleton(BrokerModulesForTests.All);
        // Sensitive actions ask for the password first; tests choose the answer.
        Services.AddSingleton<Web.Identity.IReauthentication>(Reauthentication);
        Services.AddSingleton<Web.Identity.ITwoFactorStatus>(TwoFactor);
    }

    protected FakeTwoFactorStatus TwoFactor { get; } = new();

    protected FakeReauthentication Reauthentication { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's popover service is only IAsyncDisposable, so the container must be disposed
    // asynchronously; xunit calls this before the synchronous Dispose, which then has nothing left to do.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
