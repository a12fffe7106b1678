using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>
/// Issue #17 §8: the anonymous pages must load every script they name. Any console error (a script answered with the
/// sign-in page's HTML reads as "SyntaxError: Unexpected token '&lt;'", a Content-Security-Policy violation, a failed
/// load) fails the test.
/// </summary>
[Collection(LoginsBrowserGroup.Name)]
public sealed class ConsoleErrorBrowserTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("/account/login")]
    [InlineData("/account/register")]
    [InlineData("/account/forgot-password")]
    public async Task Anonymous_page_loads_with_no_console_error(string path)
    {
        var page = await fixture.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                lock (errors)
                {
                    errors.Add($"console {message.Type}: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add("page error: " + error);
            }
        };
        page.Response += (_, response) =>
        {
            // A script or style answered with HTML is the failure this test exists for, whatever the console says.
            var type = response.Request.ResourceType;
            if (type is "script" or "stylesheet" && response.Headers.TryGetValue("content-type", out var contentType)
                && contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
            {
                lock (errors)
                {
                    errors.Add($"{type} {response.Url} answered {response.Status} {contentType}");
                }
            }
        };

        await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        // blazor.web.js has run: it defines window.Blazor.
        await page.WaitForFunctionAsync("() => typeof window.Blazor !== 'undefined'");

        lock (errors)
        {
            Assert.Empty(errors);
        }
    }
}
