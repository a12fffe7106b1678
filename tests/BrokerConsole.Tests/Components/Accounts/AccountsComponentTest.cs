using System.Text.RegularExpressions;
using AngleSharp.Dom;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Network;
using BrokerConsole.Core.Sessions;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;

namespace BrokerConsole.Tests.Components.Accounts;

/// <summary>The Accounts folder's components with fakes of the Core services they call, at a fixed time.</summary>
public abstract partial class AccountsComponentTest : ConsoleComponentTest
{
    internal FakeAccounts AccountStore { get; } = new();
    internal FakeSessions SessionStore { get; } = new();
    internal FakePreferences Preferences { get; }
    internal FakeTimeProvider Clock { get; } = new(AccountSamples.Now);
    internal UserEventHub<SessionChange> Notifier { get; } = new(NullLogger<UserEventHub<SessionChange>>.Instance);

    internal AccountsComponentTest(AccountsLayout layout = AccountsLayout.Cards)
    {
        Preferences = new FakePreferences(layout);
        Services.AddSingleton<BrokerConsole.Core.Accounts.IAccountService>(AccountStore);
        Services.AddSingleton<ISessionService>(SessionStore);
        Services.AddSingleton<IUserPreferences>(Preferences);
        Services.AddSingleton<ICurrentUser, FakeCurrentUser>();
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton(Notifier);
        Services.AddSingleton<IPublicIpProvider>(new FakePublicIp(new PublicIpInfo(null, PublicIpSource.Unknown, "offline")));
        Services.AddSingleton(Options.Create(new SessionOptions { ExpiryWarning = TimeSpan.FromHours(2) }));
    }

    /// <summary>Dialogs render into the provider, as in the app's layout.</summary>
    protected IRenderedComponent<MudDialogProvider> RenderDialogHost() => Render<MudDialogProvider>();

    protected async Task ShowAsync<TDialog>(string title, DialogParameters<TDialog>? parameters = null) where TDialog : Microsoft.AspNetCore.Components.IComponent
    {
        var dialogs = Services.GetRequiredService<IDialogService>();
        await Renderer.Dispatcher.InvokeAsync(() => dialogs.ShowAsync<TDialog>(title, parameters ?? []));
    }

    /// <summary>The drawing of a Material icon: its last path, the shape that is not the 24×24 frame.</summary>
    protected static string IconShape(string icon) => PathData().Matches(icon).Select(m => m.Groups[1].Value).Last();

    protected static void AssertShowsIcon(IElement element, string icon) =>
        Assert.Contains(element.QuerySelectorAll("svg path"), p => p.GetAttribute("d") == IconShape(icon));

    [GeneratedRegex("d=\"([^\"]+)\"")]
    private static partial Regex PathData();
}
