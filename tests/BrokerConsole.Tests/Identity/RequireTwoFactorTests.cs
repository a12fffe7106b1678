using System.Net;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BrokerConsole.Tests.Identity;

/// <summary>An install with <c>Identity:RequireTwoFactor</c> on.</summary>
public sealed class TwoFactorRequired : IAppRecipe
{
    public static AppFixture Recipe() => AppFixture.Create().WithSetting("Identity:RequireTwoFactor", "true");
}

/// <summary>Issue #17 §2: with the setting on, a user without a second factor reaches only the enrolment page.</summary>
public sealed class RequireTwoFactorTests(SharedApp<TwoFactorRequired> app) : IClassFixture<SharedApp<TwoFactorRequired>>
{
    [Fact]
    public async Task A_user_without_a_second_factor_is_sent_to_enrol_from_every_page()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        await app.CreateUserAsync(email, "required-2fa-ok1");
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var signIn = await browser.SubmitAsync("/account/login", "login", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = "required-2fa-ok1" });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        foreach (var path in new[] { "/accounts", "/settings", "/orders" })
        {
            var response = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/two-factor", response.Headers.Location!.OriginalString);
        }

        var enrol = await browser.GetAsync("/account/two-factor");
        Assert.Equal(HttpStatusCode.OK, enrol.StatusCode);
        Assert.Contains("This console requires two-factor sign-in", await enrol.BodyAsync(), StringComparison.Ordinal);
    }
}
