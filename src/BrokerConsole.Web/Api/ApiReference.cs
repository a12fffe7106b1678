using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace BrokerConsole.Web.Api;

/// <summary>
/// The generated OpenAPI 3.1 document of <c>/api/v1</c> (Microsoft.AspNetCore.OpenApi, from the endpoints' own metadata)
/// and the Scalar reference page over it. The document is public, as the API's shape is no secret and scripts fetch it
/// without a cookie; the page is for signed-in users, like every page of the console.
/// </summary>
public static class ApiReference
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/" + DocumentName + ".json";

    /// <summary>Kept from before the document was generated: scripts written against it keep working.</summary>
    public const string LegacyDocumentPath = ApiRegistration.Prefix + "/openapi.json";

    public const string PagePath = "/api/docs";

    internal static IServiceCollection AddApiReference(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            // Only the key-authenticated API: sign-in, broker callbacks, the sandbox and health checks are not part of it.
            options.ShouldInclude = description =>
                ("/" + description.RelativePath).StartsWith(ApiRegistration.Prefix + "/", StringComparison.OrdinalIgnoreCase);
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "BrokerConsole API",
                    Version = DocumentName,
                    Description = "Send your key in the X-Api-Key header (Settings → API keys). Each key sees only its owner's accounts and " +
                        "is limited per minute (429 with Retry-After). Errors are RFC 9457 problem details (application/problem+json) whose " +
                        $"type is {ApiProblems.Base}<kind>: branch on the type, not on the title.",
                };
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer<ApiKeySecuritySchemeTransformer>();
            options.AddOperationTransformer<ProblemResponsesTransformer>();
        });

    internal static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapOpenApi(LegacyDocumentPath).AllowAnonymous();

        // No CDN and no third-party calls: the bundle is served from the package's embedded copy under PagePath, the
        // default fonts (fonts.scalar.com), telemetry, the AI agent and MCP are all off, so the page works offline.
        app.MapScalarApiReference(PagePath, options => options
                .WithTitle("BrokerConsole API reference")
                .WithOpenApiRoutePattern(DocumentPath)
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp())
            .RequireAuthorization(); // the cookie default policy; the fallback policy would also apply, this says it here
        return app;
    }
}
