using BrokerConsole.Tests.Orders;
using BrokerConsole.Tests.Sessions;

namespace BrokerConsole.Tests.TestSupport;

// The recipes of the storage-touching test classes, on PostgreSQL: each class runs once per provider (an abstract
// class with a sealed subclass per provider), so what SQLite hides (types, constraints, concurrency) shows here.

/// <summary>The plain app (<c>new TestApp()</c>) on PostgreSQL.</summary>
public sealed class PlainOnPostgres : IAppRecipe
{
    public static AppFixture Recipe() => AppFixture.Create().OnPostgres();
}

/// <summary><see cref="KiteSandbox"/> on PostgreSQL.</summary>
public sealed class KiteSandboxOnPostgres : IAppRecipe
{
    public static AppFixture Recipe() => KiteSandbox.Recipe().OnPostgres();
}

/// <summary><see cref="OrdersSandbox"/> on PostgreSQL.</summary>
public sealed class OrdersSandboxOnPostgres : IAppRecipe
{
    public static AppFixture Recipe() => OrdersSandbox.Recipe().OnPostgres();
}
