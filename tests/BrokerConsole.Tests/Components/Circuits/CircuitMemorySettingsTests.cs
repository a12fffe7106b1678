using System.Text.Json;
using BrokerConsole.Tests.TestSupport;
using BrokerConsole.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Tests.Components.Circuits;

/// <summary>
/// Issue 18 §4: the settings that decide how much memory an open or a vanished tab costs, as shipped. The figures
/// behind them come from AccountsCircuitMemoryTests (bench/README.md); these guard the settings themselves.
/// </summary>
public sealed class CircuitMemorySettingsTests
{
    [Fact]
    public void The_shipped_runtime_config_caps_the_gen0_budget_at_6_MiB()
    {
        // Server GC with DATAS otherwise sizes gen0 from the CPU cache and the heap: 40-65 MiB committed beyond the live
        // heap with 50 tabs open on a 32 MiB-L3 machine. The cap lives in the runtime config because the GC reads its
        // settings before any code runs; this reads the file the app starts with.
        var path = Path.Combine(RepoPaths.WebOutput, "BrokerConsole.Web.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal(6 * 1024 * 1024, properties.GetProperty("System.GC.Gen0MaxBudget").GetInt64());
        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
    }

    [Fact]
    public void A_disconnected_tab_is_kept_long_enough_for_a_phone_on_a_train_and_bounded_in_number()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddBrokerConsoleWeb();
        using var services = builder.Services.BuildServiceProvider();
        var options = services.GetRequiredService<IOptions<CircuitOptions>>().Value;

        // A tunnel or a gap between towers is a minute or two; the browser retries for several minutes.
        Assert.True(options.DisconnectedCircuitRetentionPeriod >= TimeSpan.FromMinutes(3), $"retention {options.DisconnectedCircuitRetentionPeriod}");
        Assert.Equal(25, options.DisconnectedCircuitMaxRetained);
    }
}
