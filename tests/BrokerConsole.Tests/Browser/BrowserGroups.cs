using BrokerConsole.Tests.TestSupport;

namespace BrokerConsole.Tests.Browser;

// The browser tests share an app and a Chromium per group, not one for all: a single group ran every browser test one
// after another and was the suite's critical path. Each group is a separate app process with its own sandbox, so the
// groups also cannot disturb each other's demo sessions. Tests inside a group still run one at a time.

[CollectionDefinition(Name)]
public sealed class AccountsBrowserGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser-accounts";
}

[CollectionDefinition(Name)]
public sealed class LoginsBrowserGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser-logins";
}

[CollectionDefinition(Name)]
public sealed class OrdersBrowserGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser-orders";
}

[CollectionDefinition(Name)]
public sealed class TradingScreensBrowserGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser-trading-screens";
}

[CollectionDefinition(Name)]
public sealed class ExitsBrowserGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser-exits";
}
