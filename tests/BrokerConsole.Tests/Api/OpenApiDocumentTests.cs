using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using BrokerConsole.Core.ApiKeys;
using BrokerConsole.Tests.TestSupport;
using BrokerConsole.Web.Api;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Api;

/// <summary>
/// The generated OpenAPI document (Microsoft.AspNetCore.OpenApi) against the routes really mapped and the answers really
/// given: every /api/v1 route and method is in it with its responses, errors are problem details, the key scheme is declared.
/// </summary>
public sealed partial class OpenApiDocumentTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly string[] _methods = ["get", "put", "post", "delete", "patch"];

    private async Task<JsonDocument> DocumentAsync(string path)
    {
        using var client = app.CreateClient(); // anonymous: scripts fetch the document without a key or a cookie
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private List<(string Path, string Method)> MappedApiRoutes() =>
        [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Path: "/" + e.RoutePattern.RawText!.TrimStart('/')))
            .Where(e => e.Path.StartsWith(ApiRegistration.Prefix + "/", StringComparison.OrdinalIgnoreCase)
                && !e.Path.Equals(ApiReference.LegacyDocumentPath, StringComparison.OrdinalIgnoreCase))
            .SelectMany(e => e.Endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods
                .Select(m => (RouteConstraint().Replace(e.Path, "{$1}"), m.ToLowerInvariant())))];

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonDocument document)
    {
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => _methods.Contains(m.Name)))
            {
                yield return (path.Name, method.Name, method.Value);
            }
        }
    }

    /// <summary>Follows a local <c>$ref</c> (<c>#/components/schemas/X</c>) to the schema it names.</summary>
    private static JsonElement Resolve(JsonDocument document, JsonElement schema)
    {
        if (!schema.TryGetProperty("$ref", out var reference))
        {
            return schema;
        }

        var target = document.RootElement;
        foreach (var segment in reference.GetString()!.TrimStart('#', '/').Split('/'))
        {
            target = target.GetProperty(segment);
        }

        return target;
    }

    [Fact]
    public async Task Document_is_openapi_3_1_and_the_same_at_both_addresses()
    {
        using var generated = await DocumentAsync(ApiReference.DocumentPath);
        using var legacy = await DocumentAsync(ApiReference.LegacyDocumentPath);

        Assert.Equal("/openapi/v1.json", ApiReference.DocumentPath);
        Assert.Equal("/api/v1/openapi.json", ApiReference.LegacyDocumentPath);
        Assert.StartsWith("3.1", generated.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("BrokerConsole API", generated.RootElement.GetProperty("info").GetProperty("title").GetString());
        Assert.True(JsonElement.DeepEquals(generated.RootElement, legacy.RootElement), "the two addresses serve different documents");
    }

    [Fact]
    public async Task Document_lists_every_api_route_and_nothing_else()
    {
        using var document = await DocumentAsync(ApiReference.DocumentPath);
        var documented = Operations(document).Select(o => (o.Path, o.Method)).ToHashSet();
        var mapped = MappedApiRoutes();

        Assert.True(mapped.Count >= 18, $"only {mapped.Count} API routes mapped");
        Assert.Empty(mapped.Where(m => !documented.Contains(m)).Select(m => $"{m.Method} {m.Path} is mapped but not documented"));
        Assert.Empty(documented.Where(d => !mapped.Contains(d)).Select(d => $"{d.Method} {d.Path} is documented but not an API route"));
    }

    [Fact]
    public async Task Every_operation_has_a_name_a_summary_and_a_json_success_schema()
    {
        using var document = await DocumentAsync(ApiReference.DocumentPath);

        foreach (var (path, method, operation) in Operations(document))
        {
            var where = $"{method} {path}";
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("operationId").GetString()), $"{where}: no operationId");
            Assert.True(operation.TryGetProperty("summary", out var summary) && summary.GetString()!.Length > 10, $"{where}: no summary");
            var ok = operation.GetProperty("responses").GetProperty("200");
            if (path.StartsWith("/api/v1/exports/", StringComparison.Ordinal))
            {
                // Exports answer a file, CSV or Excel, not JSON.
                foreach (var fileType in new[] { Core.Exports.ExportNames.CsvContentType, Core.Exports.ExportNames.XlsxContentType })
                {
                    Assert.True(ok.GetProperty("content").TryGetProperty(fileType, out var file), $"{where}: no {fileType} in {ok.GetRawText()}");
                    var fileSchema = Resolve(document, file.GetProperty("schema"));
                    Assert.True(fileSchema.TryGetProperty("type", out var type) && type.GetString() == "string", $"{where}: {fileType} is not a file: {fileSchema.GetRawText()}");
                }

                continue;
            }

            var schema = Resolve(document, ok.GetProperty("content").GetProperty("application/json").GetProperty("schema"));
            Assert.True(schema.TryGetProperty("type", out _) || schema.TryGetProperty("properties", out _), $"{where}: 200 has an empty schema");
        }
    }

    [Fact]
    public async Task Every_error_response_is_problem_details_and_401_429_are_everywhere()
    {
        using var document = await DocumentAsync(ApiReference.DocumentPath);

        foreach (var (path, method, operation) in Operations(document))
        {
            var responses = operation.GetProperty("responses");
            Assert.True(responses.TryGetProperty("401", out _), $"{method} {path}: no 401");
            Assert.True(responses.TryGetProperty("429", out var limited), $"{method} {path}: no 429");
            Assert.True(limited.GetProperty("headers").TryGetProperty("Retry-After", out _), $"{method} {path}: 429 without Retry-After");
            foreach (var response in responses.EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
            {
                var content = response.Value.GetProperty("content");
                Assert.True(content.TryGetProperty("application/problem+json", out var problem), $"{method} {path} {response.Name}: not problem+json");
                var reference = problem.GetProperty("schema").GetProperty("$ref").GetString();
                Assert.True(reference is "#/components/schemas/ProblemDetails" or "#/components/schemas/HttpValidationProblemDetails", $"{method} {path} {response.Name}: {reference}");
                Assert.Contains(ApiProblems.Base, response.Value.GetProperty("description").GetString(), StringComparison.Ordinal);
            }
        }

        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        foreach (var field in new[] { "type", "title", "status", "detail" })
        {
            Assert.True(schemas.GetProperty("ProblemDetails").GetProperty("properties").TryGetProperty(field, out _), field);
        }

        Assert.True(schemas.GetProperty("HttpValidationProblemDetails").GetProperty("properties").TryGetProperty("errors", out _));
    }

    [Theory]
    [InlineData("/api/v1/positions/exit", "ApiExitRequest", new[] { "200", "400", "404" })]
    [InlineData("/api/v1/positions/exit/{planId}/confirm", null, new[] { "200", "404" })]
    [InlineData("/api/v1/kill-switch", "ApiKillSwitchRequest", new[] { "200", "400" })]
    public async Task Exit_and_kill_switch_are_documented_with_their_bodies_and_problems(string path, string? schemaName, string[] statuses)
    {
        using var document = await DocumentAsync(ApiReference.DocumentPath);
        var operation = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty("post");

        if (schemaName is not null)
        {
            Assert.Equal($"#/components/schemas/{schemaName}",
                operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        }

        Assert.All(statuses, status => Assert.True(operation.GetProperty("responses").TryGetProperty(status, out _), $"post {path}: no {status}"));
        Assert.All(statuses.Where(s => s != "200"), status =>
            Assert.True(operation.GetProperty("responses").GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _), status));
    }

    [Theory]
    [InlineData("/api/v1/accounts/{accountId}/orders", "post", "ApiOrderRequest", new[] { "400", "404" })]
    [InlineData("/api/v1/broker/validate", "post", "AccountDraft", new[] { "400", "422", "503" })]
    public async Task Request_bodies_have_their_schema_and_their_errors(string path, string method, string schemaName, string[] errors)
    {
        using var document = await DocumentAsync(ApiReference.DocumentPath);
        var operation = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method);

        var body = operation.GetProperty("requestBody");
        Assert.True(body.GetProperty("required").GetBoolean());
        Assert.Equal($"#/components/schemas/{schemaName}", body.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.All(errors, status => Assert.True(operation.GetProperty("responses").TryGetProperty(status, out _), $"{method} {path}: no {status}"));
        Assert.Equal("#/components/schemas/HttpValidationProblemDetails",
            operation.GetProperty("responses").GetProperty("400").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
    }

    [Fact]
    public async Task Order_request_schema_spells_out_fields_and_enum_names()
    {
        using var document = await DocumentAsync(ApiReference.DocumentPath);
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var order = schemas.GetProperty("ApiOrderRequest");

        Assert.Equal(["exchange", "tradingSymbol", "side", "quantity"], order.GetProperty("required").EnumerateArray().Select(e => e.GetString()!));
        var side = Resolve(document, order.GetProperty("properties").GetProperty("side"));
        // Enums travel as names (the API's JsonStringEnumConverter), so the document must say names, not numbers.
        var names = side.GetProperty("enum").EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText()).ToList();
        Assert.Contains("Buy", names);
        Assert.Contains("Sell", names);
        var account = schemas.GetProperty("ApiAccount").GetProperty("properties");
        Assert.True(account.TryGetProperty("session", out _));
        Assert.False(account.TryGetProperty("apiKey", out _), "an account as the API shows it never carries the broker API key");
    }

    [Fact]
    public async Task Document_declares_the_api_key_header_scheme_and_requires_it()
    {
        using var document = await DocumentAsync(ApiReference.DocumentPath);

        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("apiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        var requirement = Assert.Single(document.RootElement.GetProperty("security").EnumerateArray());
        Assert.True(requirement.TryGetProperty("apiKey", out _));
    }

    [Fact]
    public async Task Without_a_key_every_documented_operation_answers_the_documented_401_problem()
    {
        using var document = await DocumentAsync(ApiReference.DocumentPath);
        using var client = app.CreateClient();

        foreach (var (path, method, _) in Operations(document))
        {
            var url = path.Replace("{orderId}", "ORD1", StringComparison.Ordinal);
            url = Regex.Replace(url, @"\{\w+\}", Guid.NewGuid().ToString());
            using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
            using var response = await client.SendAsync(request);
            await ApiAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, ApiProblems.Unauthorized);
        }
    }

    [Fact]
    public async Task An_unknown_account_gets_the_documented_404_problem()
    {
        using var document = await DocumentAsync(ApiReference.DocumentPath);
        var userId = await app.CreateUserAsync("openapi-404@example.com");
        string key;
        await using (var scope = app.ScopeFor(userId))
        {
            key = (await scope.ServiceProvider.GetRequiredService<IApiKeyService>().CreateAsync("openapi")).Secret;
        }

        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        var reads = Operations(document).Where(o => o.Method == "get" && o.Path.Contains("{accountId}", StringComparison.Ordinal)).ToList();
        Assert.True(reads.Count >= 6, $"only {reads.Count} account reads documented");
        foreach (var (path, _, operation) in reads)
        {
            Assert.True(operation.GetProperty("responses").TryGetProperty("404", out _), $"GET {path}: 404 not documented");
            using var response = await client.GetAsync(path.Replace("{accountId}", Guid.NewGuid().ToString(), StringComparison.Ordinal));
            await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound, ApiProblems.NotFound);
        }
    }

    // "/accounts/{accountId:guid}" is a route template; OpenAPI names the parameter only.
    [GeneratedRegex(@"\{(\w+)[^}]*\}")]
    private static partial Regex RouteConstraint();
}
