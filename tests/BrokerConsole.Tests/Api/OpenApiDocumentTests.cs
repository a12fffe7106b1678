using System.Net;
using System.Text.Json;
using BrokerConsole.Tests.TestSupport;
using BrokerConsole.Web.Api;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Api;

public sealed class OpenApiDocumentTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Document_anonymous_lists_every_api_endpoint()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/v1/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("3.", json.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("X-Api-Key", json.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("apiKey").GetProperty("name").GetString());
        var paths = json.RootElement.GetProperty("paths");

        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Path: "/" + e.RoutePattern.RawText!.TrimStart('/')))
            .Where(e => e.Path.StartsWith(ApiRegistration.Prefix + "/", StringComparison.OrdinalIgnoreCase) && !e.Path.EndsWith("openapi.json", StringComparison.Ordinal))
            .ToList();
        Assert.True(mapped.Count >= 14, $"only {mapped.Count} endpoints mapped");
        foreach (var (endpoint, path) in mapped)
        {
            var documentedPath = System.Text.RegularExpressions.Regex.Replace(path, @"\{(\w+)[^}]*\}", "{$1}");
            Assert.True(paths.TryGetProperty(documentedPath, out var item), $"{documentedPath} missing from the document");
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)
            {
                Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out var operation), $"{method} {documentedPath} missing");
                Assert.True(operation.TryGetProperty("operationId", out _), $"{method} {documentedPath} has no operationId");
                Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _));
            }
        }
    }
}
