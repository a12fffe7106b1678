using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BrokerConsole.Web.Api;

/// <summary>
/// Says on each error response which problem <c>type</c>s it carries (the generator only knows the status code), and
/// documents the <c>Retry-After</c> header the rate limiter sends with 429.
/// </summary>
internal sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
{
    private static readonly Dictionary<int, string> _meanings = new()
    {
        [StatusCodes.Status400BadRequest] = $"Invalid input, nothing was sent to the broker ({ApiProblems.Validation}; errors per field).",
        [StatusCodes.Status401Unauthorized] = $"Missing, unknown or revoked API key ({ApiProblems.Unauthorized}).",
        [StatusCodes.Status404NotFound] = $"No such account, schedule or run for this key's owner ({ApiProblems.NotFound}).",
        [StatusCodes.Status409Conflict] = $"The account's session does not allow it: {ApiProblems.NoSession}, {ApiProblems.SessionExpired} or {ApiProblems.LoginNotPossible}.",
        [StatusCodes.Status422UnprocessableEntity] = $"The broker refused the credentials ({ApiProblems.CredentialsRejected}); checks list each step.",
        [StatusCodes.Status429TooManyRequests] = $"Rate limited, by this API key's quota or by the broker ({ApiProblems.RateLimited}).",
        [StatusCodes.Status502BadGateway] = $"The broker answered with an error ({ApiProblems.BrokerRejected}).",
        [StatusCodes.Status503ServiceUnavailable] = $"The broker could not be reached ({ApiProblems.BrokerUnavailable}).",
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse concrete
                || !int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                || !_meanings.TryGetValue(code, out var meaning))
            {
                continue;
            }

            concrete.Description = meaning;
            if (code == StatusCodes.Status429TooManyRequests)
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds until this key may call again.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                };
            }
        }

        return Task.CompletedTask;
    }
}
