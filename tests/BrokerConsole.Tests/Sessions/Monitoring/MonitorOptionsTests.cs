using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Tests.Sessions.Monitoring;

/// <summary>Monitor options are validated when the app starts, not at the first sweep.</summary>
public sealed class MonitorOptionsTests
{
    [Theory]
    [InlineData("Sessions:Monitor:Interval", "00:00:00")]
    [InlineData("Sessions:Monitor:MaxParallelism", "0")]
    [InlineData("Sessions:Monitor:CallTimeout", "00:00:00")]
    [InlineData("Sessions:ExpiryWarning", "-01:00:00")]
    public void App_start_with_invalid_monitor_option_fails(string key, string value)
    {
        using var app = AppFixture.Create().WithSetting(key, value).Build();

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Services);

        Assert.Contains(key.Split(':')[^1], error.Message, StringComparison.Ordinal);
    }
}
