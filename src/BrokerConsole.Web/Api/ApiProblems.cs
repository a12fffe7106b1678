namespace BrokerConsole.Web.Api;

/// <summary>The problem-details <c>type</c> URIs the API returns; scripts branch on these, not on titles.</summary>
public static class ApiProblems
{
    public const string Base = "https://brokerconsole/errors/";
    public const string Unauthorized = Base + "unauthorized";
    public const string RateLimited = Base + "rate-limited";
    public const string NotFound = Base + "not-found";
    public const string Validation = Base + "validation";
    public const string SessionExpired = Base + "session-expired";
    public const string NoSession = Base + "no-session";
    public const string BrokerUnavailable = Base + "broker-unavailable";
    public const string BrokerRejected = Base + "broker-rejected";
    public const string LoginNotPossible = Base + "login-not-possible";
    public const string CredentialsRejected = Base + "credentials-rejected";
    public const string Conflict = Base + "conflict";
}
