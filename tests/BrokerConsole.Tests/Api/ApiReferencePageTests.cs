using System.Net;
using System.Text.RegularExpressions;
using BrokerConsole.Tests.TestSupport;
using BrokerConsole.Web.Api;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BrokerConsole.Tests.Api;

/// <summary>The Scalar API reference at /api/docs: signed-in users only, and everything it loads comes from this server.</summary>
public sealed partial class ApiReferencePageTests(TestApp app) : IClassFixture<TestApp>
{
    private HttpClient NewBrowser() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private async Task<HttpClient> SignedInAsync(string email)
    {
        await app.CreateUserAsync(email);
        var browser = NewBrowser();
        using var signIn = await browser.SubmitAsync("/account/login", "login", new Dictionary<string, string>
        {
            ["Form.Email"] = email,
            ["Form.Password"] = "correct-horse-42",
        });
        Assert.True(signIn.StatusCode == HttpStatusCode.Redirect, await signIn.BodyAsync());
        return browser;
    }

    [Theory]
    [InlineData("/api/docs")]
    [InlineData("/api/docs/")]
    [InlineData("/api/docs/v1")]
    public async Task Anonymous_visit_is_sent_to_sign_in(string path)
    {
        using var browser = NewBrowser();

        using var response = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_key_alone_does_not_open_the_page()
    {
        // The page is for people signed in to the console; the API key scheme authenticates /api/v1 only.
        using var client = NewBrowser();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, "bc_not-a-real-key");

        using var response = await client.GetAsync(ApiReference.PagePath + "/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task Signed_in_page_loads_the_generated_document_and_only_local_scripts()
    {
        using var browser = await SignedInAsync("api-docs@example.com");

        using var response = await browser.GetAsync(ApiReference.PagePath + "/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        // Scalar resolves the source against the site root: "openapi/v1.json" is this server's generated document.
        Assert.Contains($"\"url\":\"{ApiReference.DocumentPath.TrimStart('/')}\"", html, StringComparison.Ordinal);
        var sources = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(sources);
        Assert.All(sources, src => Assert.False(Uri.TryCreate(src, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal), $"script from {src}"));
        // The page's configuration turns off what would call out: Scalar's font CDN, telemetry, the AI agent.
        Assert.DoesNotContain("cdn.jsdelivr.net", html, StringComparison.OrdinalIgnoreCase);
        Assert.Matches(@"""withDefaultFonts""\s*:\s*false", html);
        Assert.Matches(@"""telemetry""\s*:\s*false", html);
        Assert.Matches(@"""agent""\s*:\s*\{\s*""disabled""\s*:\s*true", html);

        foreach (var src in sources)
        {
            using var script = await browser.GetAsync(new Uri(new Uri("http://localhost" + ApiReference.PagePath + "/"), src).PathAndQuery);
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        }
    }

    [GeneratedRegex(@"<script[^>]+src=""([^""]+)""")]
    private static partial Regex ScriptSource();
}
