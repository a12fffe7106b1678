using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Persistence.Providers;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.Configuration;

namespace BrokerConsole.Tests.Persistence;

/// <summary><c>Storage:Provider</c> is checked before anything starts, and never echoes a password.</summary>
public sealed class StorageProviderSelectionTests
{
    private static readonly StoragePaths _paths = StoragePaths.Resolve(new StorageOptions(), Path.GetTempPath());

    private static IStorageProvider Select(params (string Key, string Value)[] settings) => StorageProviderSelection.Select(
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build(),
        _paths, new StorageOptions());

    [Theory]
    [InlineData(null, StorageProviderKind.Sqlite)]
    [InlineData("", StorageProviderKind.Sqlite)]
    [InlineData("Sqlite", StorageProviderKind.Sqlite)]
    [InlineData("sqlite", StorageProviderKind.Sqlite)]
    [InlineData("PostgreSQL", StorageProviderKind.PostgreSQL)]
    [InlineData("postgresql", StorageProviderKind.PostgreSQL)]
    public void Known_names_in_any_case_pick_the_provider_and_nothing_means_sqlite(string? value, StorageProviderKind expected) =>
        Assert.Equal(expected, StorageProviderSelection.ParseKind(value));

    [Theory]
    [InlineData("Postgres")]
    [InlineData("PostgresSQL")]
    [InlineData("2")]
    [InlineData("SqlServer")]
    public void A_misspelt_provider_stops_the_start_naming_the_choices(string value)
    {
        var ex = Assert.Throws<StorageConfigurationException>(() => StorageProviderSelection.ParseKind(value));
        Assert.Contains("Storage:Provider", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Sqlite", ex.Message, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgreSQL_without_a_connection_string_stops_the_start_and_says_which_setting()
    {
        var ex = Assert.Throws<StorageConfigurationException>(() => Select(("Storage:Provider", "PostgreSQL")));
        Assert.Contains("ConnectionStrings:BrokerConsole", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_description_logged_at_start_names_host_and_database_never_the_password()
    {
        var provider = Select(("Storage:Provider", "PostgreSQL"),
            ("ConnectionStrings:BrokerConsole", "Host=db.internal;Port=5433;Database=desk;Username=console;Password=hunter2-secret"));
        Assert.Equal(StorageProviderKind.PostgreSQL, provider.Kind);
        Assert.Equal("PostgreSQL db.internal:5433/desk", provider.Describe());
        Assert.DoesNotContain("hunter2", provider.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_app_does_not_start_on_a_misspelt_provider()
    {
        await using var app = AppFixture.Create().WithSetting("Storage:Provider", "Postgress").Build();
        var ex = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("'Postgress', which is not a storage provider", ex.ToString(), StringComparison.Ordinal);
    }
}
