using System.ComponentModel.DataAnnotations;

namespace BrokerConsole.Web.Api;

/// <summary>REST API settings (section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Requests each API key may make per minute (fixed window); more get 429.</summary>
    [Range(1, 100_000)]
    public int RequestsPerMinute { get; set; } = 120;
}
