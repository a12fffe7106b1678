using System.Collections.Concurrent;
using System.Net;
using System.Text;
using BrokerConsole.Tests.TestSupport;

namespace BrokerConsole.Tests.Brokers.Zerodha;

/// <summary>What the fake server saw of one request.</summary>
public sealed record SeenRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? ContentType, string? Body)
{
    public string PathAndQuery => Uri.PathAndQuery;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// Stands in for Kite at the bottom of the real handler chain: records each request and answers
/// from a queue of responders (the last one repeats).
/// </summary>
public sealed class FakeKiteHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<SeenRequest> _seen = new();
    private readonly Queue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _responders = new();
    private Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? _last;

    public IReadOnlyList<SeenRequest> Requests => _seen.ToArray();

    public FakeKiteHandler Then(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> responder)
    {
        lock (_responders)
        {
            _responders.Enqueue(responder);
        }

        return this;
    }

    public FakeKiteHandler ThenJson(HttpStatusCode status, string json, Action<HttpResponseMessage>? decorate = null) =>
        Then((_, _) =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            decorate?.Invoke(response);
            return Task.FromResult(response);
        });

    public FakeKiteHandler ThenMock(string mockName) => ThenJson(HttpStatusCode.OK, SharedReference.KiteMock(mockName));

    public FakeKiteHandler ThenError(HttpStatusCode status, string errorType, string message) =>
        ThenJson(status, $$"""{"status":"error","message":{{System.Text.Json.JsonSerializer.Serialize(message)}},"error_type":"{{errorType}}","data":null}""");

    public FakeKiteHandler ThenThrow(Exception exception) => Then((_, _) => Task.FromException<HttpResponseMessage>(exception));

    public FakeKiteHandler ThenHang() => Then(async (_, ct) =>
    {
        await Task.Delay(Timeout.Infinite, ct);
        throw new InvalidOperationException("unreachable");
    });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        _seen.Enqueue(new SeenRequest(request.Method, request.RequestUri!, headers, request.Content?.Headers.ContentType?.MediaType, body));

        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> responder;
        lock (_responders)
        {
            if (_responders.Count > 0)
            {
                _last = _responders.Dequeue();
            }

            responder = _last ?? throw new InvalidOperationException("The fake Kite has no response queued.");
        }

        return await responder(request, cancellationToken);
    }
}
