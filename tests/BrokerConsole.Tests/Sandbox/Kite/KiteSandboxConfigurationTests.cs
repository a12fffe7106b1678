using System.Net;
using System.Text.Json;
using BrokerConsole.Core.Credentials;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Tests.Sandbox.Kite;

public sealed class KiteSandboxConfigurationTests
{
    [Fact]
    public async Task DemoConfig_of_the_web_app_starts_and_every_demo_user_can_log_in()
    {
        var demo = DemoConfig();
        await using var host = await KiteSandboxHost.StartAsync(settings =>
        {
            settings.Clear();
            Flatten(demo.RootElement, "", settings);
        });
        var app = demo.RootElement.GetProperty("Sandbox").GetProperty("Kite").GetProperty("Apps")[0];

        foreach (var user in demo.RootElement.GetProperty("Sandbox").GetProperty("Kite").GetProperty("Users").EnumerateArray())
        {
            using var response = await host.Client.PostAsync("connect/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["api_key"] = app.GetProperty("ApiKey").GetString()!,
                ["userid"] = user.GetProperty("UserId").GetString()!,
                ["password"] = user.GetProperty("Password").GetString()!,
                ["totp"] = TotpSeed.Parse(user.GetProperty("TotpSecret").GetString()!).CodeAt(host.Clock!.GetUtcNow()).Value,
                ["action"] = "login",
            }));

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith(app.GetProperty("RedirectUrl").GetString()!, response.Headers.Location!.ToString(), StringComparison.Ordinal);
            Assert.Equal("success", QueryHelpers.ParseQuery(response.Headers.Location.Query)["status"]);
        }
    }

    [Fact]
    public void DemoConfig_has_ten_distinct_kite_users_listed_on_the_login_page()
    {
        // Ten, so a newcomer can try ten Zerodha cards and Log in all with the sandbox alone (README).
        var users = DemoConfig().RootElement.GetProperty("Sandbox").GetProperty("Kite").GetProperty("Users").EnumerateArray().ToList();

        Assert.Equal(10, users.Select(u => u.GetProperty("UserId").GetString()).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(users, u => Assert.True(u.GetProperty("ShowOnLoginPage").GetBoolean()));
    }

    [Fact]
    public async Task Sandbox_disabled_maps_no_routes()
    {
        await using var host = await KiteSandboxHost.StartAsync(s => s["Sandbox:Enabled"] = "false");

        using var response = await host.Client.GetAsync($"connect/login?api_key={KiteSandboxHost.ApiKey}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Sandbox_invalid_totp_secret_fails_at_start()
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            KiteSandboxHost.StartAsync(s => s["Sandbox:Kite:Users:0:TotpSecret"] = "not base32!"));

        Assert.Contains($"Sandbox:Kite user '{KiteSandboxHost.UserId}' needs a valid Base32 TotpSecret.", refused.Failures);
    }

    private static JsonDocument DemoConfig()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            // The demo the README's quick start relies on: the Development settings the app really runs with.
            var settings = Path.Combine(dir.FullName, "src", "BrokerConsole.Web", "appsettings.Development.json");
            if (File.Exists(settings))
            {
                using var all = JsonDocument.Parse(File.ReadAllText(settings));
                return JsonDocument.Parse($"{{\"Sandbox\":{all.RootElement.GetProperty("Sandbox").GetRawText()}}}");
            }
        }

        throw new FileNotFoundException("src/BrokerConsole.Web/appsettings.Development.json not found");
    }

    private static void Flatten(JsonElement element, string prefix, IDictionary<string, string?> settings)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}", settings);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, $"{prefix}:{index++}", settings);
                }

                break;
            case JsonValueKind.Null:
                break;
            default:
                settings[prefix] = element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
                break;
        }
    }
}
