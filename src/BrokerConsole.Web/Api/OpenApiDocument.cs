using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace BrokerConsole.Web.Api;

/// <summary>
/// Builds an OpenAPI 3.0 document from the API explorer's descriptions of the <c>/api/v1</c> endpoints.
/// Hand-rolled because Microsoft.AspNetCore.OpenApi is not in the pinned package list; it names schemas
/// by type rather than expanding every property, which is enough for a script author to find an endpoint.
/// </summary>
internal static class OpenApiDocument
{
    public static JsonObject Build(IApiDescriptionGroupCollectionProvider provider)
    {
        var paths = new JsonObject();
        var descriptions = provider.ApiDescriptionGroups.Items.SelectMany(g => g.Items)
            .Where(d => ("/" + d.RelativePath).StartsWith(ApiRegistration.Prefix + "/", StringComparison.OrdinalIgnoreCase))
            .OrderBy(d => d.RelativePath, StringComparer.Ordinal);
        foreach (var description in descriptions)
        {
            var path = "/" + StripConstraints(description.RelativePath!);
            if (paths[path] is not JsonObject item)
            {
                item = [];
                paths[path] = item;
            }

            item[(description.HttpMethod ?? "GET").ToLowerInvariant()] = Operation(description);
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = "BrokerConsole API",
                ["version"] = "v1",
                ["description"] = "Send your key in the X-Api-Key header. Errors are RFC 9457 problem details whose type is https://brokerconsole/errors/<kind>.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["apiKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = ApiKeyAuthenticationHandler.HeaderName },
                },
            },
            ["security"] = new JsonArray(new JsonObject { ["apiKey"] = new JsonArray() }),
        };
    }

    private static JsonObject Operation(ApiDescription description)
    {
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var operation = new JsonObject();
        if (metadata.OfType<IEndpointNameMetadata>().FirstOrDefault() is { } name)
        {
            operation["operationId"] = name.EndpointName;
        }

        if (metadata.OfType<IEndpointSummaryMetadata>().FirstOrDefault() is { } summary)
        {
            operation["summary"] = summary.Summary;
        }

        var parameters = new JsonArray();
        foreach (var parameter in description.ParameterDescriptions)
        {
            if (parameter.Source == BindingSource.Path || parameter.Source == BindingSource.Query)
            {
                parameters.Add(new JsonObject
                {
                    ["name"] = parameter.Name,
                    ["in"] = parameter.Source == BindingSource.Path ? "path" : "query",
                    ["required"] = parameter.Source == BindingSource.Path || parameter.IsRequired,
                    ["schema"] = parameter.Type == typeof(Guid)
                        ? new JsonObject { ["type"] = "string", ["format"] = "uuid" }
                        : new JsonObject { ["type"] = "string" },
                });
            }
            else if (parameter.Source == BindingSource.Body)
            {
                operation["requestBody"] = new JsonObject
                {
                    ["required"] = true,
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Named(parameter.Type) } },
                };
            }
        }

        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }

        var responses = new JsonObject();
        foreach (var response in description.SupportedResponseTypes)
        {
            var body = new JsonObject { ["description"] = response.StatusCode is >= 200 and < 300 ? "Success" : "Problem details" };
            if (response.Type is { } type && type != typeof(void))
            {
                var mediaType = response.StatusCode >= 400 ? "application/problem+json" : "application/json";
                body["content"] = new JsonObject { [mediaType] = new JsonObject { ["schema"] = Named(type) } };
            }

            responses[response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)] = body;
        }

        // Every endpoint can answer these; they come from the scheme and the limiter, not the handler.
        responses["401"] ??= new JsonObject { ["description"] = "Missing, unknown or revoked API key (problem details)" };
        responses["429"] ??= new JsonObject { ["description"] = "Rate limited (problem details, Retry-After header)" };
        operation["responses"] = responses;
        return operation;
    }

    private static JsonObject Named(Type? type) =>
        new() { ["type"] = "object", ["title"] = type is null ? "object" : FriendlyName(type) };

    private static string FriendlyName(Type type) =>
        type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(",", type.GetGenericArguments().Select(FriendlyName))}>"
            : type.Name;

    // "/accounts/{accountId:guid}" is a route template; OpenAPI wants "/accounts/{accountId}".
    private static string StripConstraints(string path) =>
        System.Text.RegularExpressions.Regex.Replace(path, @"\{(\w+)[^}]*\}", "{$1}");
}
