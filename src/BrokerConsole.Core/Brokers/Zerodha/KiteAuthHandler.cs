using System.Net.Http.Headers;

namespace BrokerConsole.Core.Brokers.Zerodha;

/// <summary>The credentials one Kite request is made with; travels in <see cref="HttpRequestMessage.Options"/>.</summary>
internal sealed record KiteAuth(string ApiKey, string? AccessToken)
{
    public override string ToString() => $"KiteAuth {{ ApiKey = {ApiKey}, AccessToken = [redacted] }}";
}

/// <summary>
/// The single place Kite's headers are added: <c>X-Kite-Version: 3</c> on every call and
/// <c>Authorization: token api_key:access_token</c> when the call has a session.
/// </summary>
internal sealed class KiteAuthHandler : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<KiteAuth> AuthKey = new("BrokerConsole.Zerodha.Auth");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove("X-Kite-Version");
        request.Headers.Add("X-Kite-Version", "3");
        if (request.Options.TryGetValue(AuthKey, out var auth) && !string.IsNullOrEmpty(auth.AccessToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("token", auth.ApiKey + ":" + auth.AccessToken);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
