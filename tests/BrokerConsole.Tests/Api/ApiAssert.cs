using System.Net;
using System.Text.Json;

namespace BrokerConsole.Tests.Api;

internal static class ApiAssert
{
    /// <summary>Asserts an RFC 9457 problem-details answer with the given status and type; returns its detail.</summary>
    public static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type, string? detailContains = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {status}, got {response.StatusCode}: {body}");
        Assert.True("application/problem+json" == response.Content.Headers.ContentType?.MediaType, $"{response.Content.Headers.ContentType}: {body}");
        using var json = JsonDocument.Parse(body);
        Assert.Equal(type, json.RootElement.GetProperty("type").GetString());
        Assert.Equal((int)status, json.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("title").GetString()));
        var detail = json.RootElement.GetProperty("detail").GetString() ?? string.Empty;
        if (detailContains is not null)
        {
            Assert.Contains(detailContains, detail, StringComparison.OrdinalIgnoreCase);
        }

        return detail;
    }
}
