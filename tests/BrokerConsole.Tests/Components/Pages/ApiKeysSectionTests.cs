using BrokerConsole.Core.ApiKeys;
using BrokerConsole.Web.Components.Pages;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Components.Pages;

public sealed class ApiKeysSectionTests : ConsoleComponentTest
{
    private readonly FakeApiKeyService _keys = new();

    public ApiKeysSectionTests() => Services.AddSingleton<IApiKeyService>(_keys);

    [Fact]
    public void Created_key_is_shown_once_with_a_copy_button_that_copies_the_whole_secret()
    {
        var copy = JSInterop.Setup<bool>("brokerConsole.copyText", "bck_1234_the-whole-secret-value").SetResult(true);
        var section = Render<ApiKeysSection>();

        section.Find("[data-testid=api-key-name] input, input[data-testid=api-key-name]").Change("nightly-report");
        section.Find("[data-testid=api-key-create]").Click();

        Assert.Equal("bck_1234_the-whole-secret-value", section.Find("[data-testid=api-key-value]").TextContent);
        Assert.Contains("Copy the key for 'nightly-report' now", section.Find("[data-testid=api-key-secret]").TextContent, StringComparison.Ordinal);
        section.Find("[data-testid=api-key-copy]").Click();
        Assert.Single(copy.Invocations);
        Assert.Equal("Copied", section.Find("[data-testid=api-key-copied]").TextContent);

        section.Find("[data-testid=api-key-dismiss]").Click();
        Assert.Empty(section.FindAll("[data-testid=api-key-secret]"));
        Assert.DoesNotContain("the-whole-secret-value", section.Markup, StringComparison.Ordinal);
        Assert.Contains("nightly-report", section.Find("[data-testid=api-key-grid]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_name_says_why_and_shows_no_key()
    {
        var section = Render<ApiKeysSection>();

        section.Find("[data-testid=api-key-create]").Click();

        Assert.Equal("Give the key a name.", section.Find("[data-testid=api-key-error]").TextContent);
        Assert.Empty(section.FindAll("[data-testid=api-key-secret]"));
    }

    [Fact]
    public void Creating_a_key_asks_for_the_password_first_and_a_refusal_creates_nothing()
    {
        Reauthentication.Answer = false;
        var section = Render<ApiKeysSection>();

        section.Find("[data-testid=api-key-name] input, input[data-testid=api-key-name]").Change("nightly-report");
        section.Find("[data-testid=api-key-create]").Click();

        Assert.Equal(["create an API key"], Reauthentication.Asked);
        Assert.Empty(section.FindAll("[data-testid=api-key-secret]"));
        Assert.Null(_keys.LastLifetime);
        Assert.DoesNotContain("nightly-report", section.Find("[data-testid=api-key-grid]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_key_expires_after_90_days_unless_the_owner_chooses_otherwise_and_the_list_shows_when()
    {
        var section = Render<ApiKeysSection>();
        Assert.Empty(section.FindAll("[data-testid=api-key-never-warning]"));

        section.Find("[data-testid=api-key-name] input, input[data-testid=api-key-name]").Change("nightly-report");
        section.Find("[data-testid=api-key-create]").Click();

        Assert.Equal(TimeSpan.FromDays(90), _keys.LastLifetime);
        Assert.Contains("1970", section.Find("[data-testid=api-key-expires]").TextContent, StringComparison.Ordinal);
    }
}
