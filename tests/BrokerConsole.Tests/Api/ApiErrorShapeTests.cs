using System.Net;
using System.Text;
using System.Text.Json;
using BrokerConsole.Core.ApiKeys;
using BrokerConsole.Tests.Security;
using BrokerConsole.Tests.TestSupport;
using BrokerConsole.Web.Api;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Api;

/// <summary>
/// Issue #17 §7: every /api/v1 error is problem details JSON, with or without an API key: a wrong content type, a
/// malformed id, an unknown route. A script never gets the sign-in page's HTML or a redirect to it.
/// </summary>
public sealed class ApiErrorShapeTests(SharedApp<PeerApp> app) : IClassFixture<SharedApp<PeerApp>>
{
    private async Task<HttpClient> ClientAsync(bool withKey)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (withKey)
        {
            var userId = await app.CreateUserAsync($"shape-{Guid.NewGuid():N}@example.com");
            await using var scope = app.ScopeFor(userId);
            var key = await scope.ServiceProvider.GetRequiredService<IApiKeyService>().CreateAsync("shape");
            client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key.Secret);
        }

        return client;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.RequestMessage?.RequestUri}: expected {status}, got {(int)response.StatusCode} {response.Headers.Location} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal((int)status, json.RootElement.GetProperty("status").GetInt32());
        return json.RootElement.Clone();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Unknown_route_under_the_api_404_problem_never_a_sign_in_redirect(bool withKey)
    {
        using var client = await ClientAsync(withKey);

        using var response = await client.GetAsync("/api/v1/no-such-thing");

        await ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Malformed_account_id_400_problem(bool withKey)
    {
        using var client = await ClientAsync(withKey);

        using var response = await client.GetAsync("/api/v1/accounts/not-a-guid/orders");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("not-a-guid", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_content_type_415_problem()
    {
        using var client = await ClientAsync(withKey: true);
        using var content = new StringContent("exchange=NSE", Encoding.UTF8, "text/plain");

        using var response = await client.PostAsync($"/api/v1/accounts/{Guid.NewGuid()}/orders", content);

        await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Malformed_json_400_problem()
    {
        using var client = await ClientAsync(withKey: true);
        using var content = new StringContent("{\"exchange\":", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync($"/api/v1/accounts/{Guid.NewGuid()}/orders", content);

        await ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Wrong_method_405_problem(bool withKey)
    {
        using var client = await ClientAsync(withKey);

        using var response = await client.DeleteAsync("/api/v1/accounts");

        await ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Known_route_without_a_key_stays_401_problem()
    {
        using var client = await ClientAsync(withKey: false);

        using var response = await client.GetAsync("/api/v1/accounts");

        await ProblemAsync(response, HttpStatusCode.Unauthorized);
    }
}
