using BrokerConsole.Core.Identity;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Identity;

public sealed class UserPreferencesTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task<AsyncServiceScope> NewUserScopeAsync() =>
        app.ScopeFor(await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com"));

    [Fact]
    public async Task Get_without_a_choice_returns_system_theme_and_cards()
    {
        await using var scope = await NewUserScopeAsync();
        var preferences = scope.ServiceProvider.GetRequiredService<IUserPreferences>();

        Assert.Equal(DisplayPreferences.Default, await preferences.GetAsync());
    }

    [Fact]
    public async Task Set_theme_and_layout_are_remembered_for_that_user_only()
    {
        await using var first = await NewUserScopeAsync();
        await using var second = await NewUserScopeAsync();
        var mine = first.ServiceProvider.GetRequiredService<IUserPreferences>();

        await mine.SetThemeAsync(ThemeMode.Dark);
        await mine.SetThemeAsync(ThemeMode.Light);
        await mine.SetAccountsLayoutAsync(AccountsLayout.Table);

        Assert.Equal(new DisplayPreferences(ThemeMode.Light, AccountsLayout.Table), await mine.GetAsync());
        Assert.Equal(DisplayPreferences.Default, await second.ServiceProvider.GetRequiredService<IUserPreferences>().GetAsync());
    }
}
