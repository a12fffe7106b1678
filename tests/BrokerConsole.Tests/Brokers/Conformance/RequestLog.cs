using System.Collections.Concurrent;

namespace BrokerConsole.Tests.Brokers.Conformance;

/// <summary>Counts what actually left the app, per method and path: the assertion for "retried" and "sent once".</summary>
internal sealed class RequestLog
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int Count(HttpMethod method, string path) => _counts.GetValueOrDefault(method.Method + " " + path);

    public void Clear() => _counts.Clear();

    public DelegatingHandler Handler() => new Counting(this);

    private sealed class Counting(RequestLog log) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            log._counts.AddOrUpdate(request.Method.Method + " " + request.RequestUri!.AbsolutePath, 1, (_, n) => n + 1);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
