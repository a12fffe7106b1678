using BrokerConsole.Core.Identity;
using BrokerConsole.Web.Components.Layout;
using Bunit;

namespace BrokerConsole.Tests.Components.Layout;

public sealed class ThemeToggleTests : ConsoleComponentTest
{
    [Theory]
    [InlineData(ThemeMode.System, ThemeMode.Light)]
    [InlineData(ThemeMode.Light, ThemeMode.Dark)]
    [InlineData(ThemeMode.Dark, ThemeMode.System)]
    public void Click_moves_to_the_next_mode(ThemeMode current, ThemeMode expected)
    {
        ThemeMode? chosen = null;
        var toggle = Render<ThemeToggle>(p => p
            .Add(t => t.Mode, current)
            .Add(t => t.ModeChanged, mode => chosen = mode));

        toggle.Find("[data-testid=theme-toggle]").Click();

        Assert.Equal(expected, chosen);
    }

    [Fact]
    public void Button_says_which_mode_is_on()
    {
        var toggle = Render<ThemeToggle>(p => p.Add(t => t.Mode, ThemeMode.Dark));

        var button = toggle.Find("[data-testid=theme-toggle]");
        Assert.Equal("dark", button.GetAttribute("data-theme-mode"));
        Assert.StartsWith("Theme: dark", button.GetAttribute("aria-label"), StringComparison.Ordinal);
    }
}
