using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Tests.TestSupport;

/// <summary>
/// An HTTP proxy on loopback between the app under test and the broker (another process), playing the network's and
/// the broker's worst days. Every request is read whole when it arrives, so a request the proxy holds reaches the
/// broker even after the client that sent it has died (a kill -9): the broker "registers it late". Faults are armed
/// per method and path prefix and consumed by the next matching requests; everything else is passed through.
/// Tests wait on its signals (<see cref="Watch"/>), never on the clock.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> _hopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host", "Content-Length",
    };

    private readonly WebApplication _host;
    private readonly HttpClient _broker;
    private readonly Lock _gate = new();
    private readonly List<ArmedFault> _faults = [];
    private readonly List<RequestWatch> _watches = [];
    private readonly List<HeldRequest> _held = [];
    private readonly List<Task> _forwardedLate = [];

    private FaultProxy(WebApplication host, Uri target)
    {
        _host = host;
        Target = target;
        _broker = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>Where the app under test should send its broker calls (same paths as <see cref="Target"/>).</summary>
    public Uri BaseUrl { get; private set; } = default!;

    public Uri Target { get; }

    public static async Task<FaultProxy> StartAsync(Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var host = builder.Build();
        var proxy = new FaultProxy(host, target);
        host.Run(proxy.HandleAsync);
        await host.StartAsync();
        proxy.BaseUrl = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return proxy;
    }

    /// <summary>Matching requests are held (received, not forwarded) until <see cref="ReleaseHeldAsync"/>, whatever their client does meanwhile.</summary>
    public void Hold(string method, string pathPrefix) => Arm(new ArmedFault(method, pathPrefix, FaultKind.Hold, int.MaxValue));

    /// <summary>The next <paramref name="count"/> matching requests reach the broker, then the connection is cut: the broker accepted, the app never hears.</summary>
    public void DropAfterForwarding(string method, string pathPrefix, int count = 1) => Arm(new ArmedFault(method, pathPrefix, FaultKind.DropAfterForwarding, count));

    /// <summary>The next <paramref name="count"/> matching requests get an HTML error page from the proxy itself (a load balancer's 502); the broker never sees them.</summary>
    public void AnswerHtml(string method, string pathPrefix, HttpStatusCode status, int count = 1) =>
        Arm(new ArmedFault(method, pathPrefix, FaultKind.HtmlError, count) { Status = status });

    /// <summary>The next <paramref name="count"/> matching requests reach the broker at once; its answer waits <paramref name="delay"/> in the proxy.</summary>
    public void DelayAnswer(string method, string pathPrefix, TimeSpan delay, int count = 1) =>
        Arm(new ArmedFault(method, pathPrefix, FaultKind.DelayAnswer, count) { Delay = delay });

    /// <summary>Counts matching requests from now on; its tasks complete when the N-th one has arrived (or, for held ones, is held).</summary>
    public RequestWatch Watch(string method, string pathPrefix)
    {
        var watch = new RequestWatch(method, pathPrefix);
        lock (_gate)
        {
            _watches.Add(watch);
        }

        return watch;
    }

    public int HeldCount
    {
        get
        {
            lock (_gate)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>
    /// Stops holding and sends every held request on to the broker in arrival order (<paramref name="forward"/>) or
    /// drops them. Returns once the broker has answered each (its answer goes to the client if it is still there).
    /// </summary>
    public async Task ReleaseHeldAsync(bool forward = true)
    {
        List<HeldRequest> held;
        lock (_gate)
        {
            _faults.RemoveAll(f => f.Kind == FaultKind.Hold);
            held = [.. _held];
            _held.Clear();
        }

        foreach (var request in held)
        {
            request.Decision.TrySetResult(forward);
            await request.Handled.Task;
        }
    }

    /// <summary>Removes every armed fault and forwards whatever is still held: the next test starts from a clean wire.</summary>
    public async Task ResetAsync()
    {
        lock (_gate)
        {
            _faults.Clear();
            _watches.Clear();
        }

        await ReleaseHeldAsync(forward: true);
    }

    public async ValueTask DisposeAsync()
    {
        await ReleaseHeldAsync(forward: false);
        await _host.StopAsync();
        await _host.DisposeAsync();
        _broker.Dispose();
    }

    private void Arm(ArmedFault fault)
    {
        lock (_gate)
        {
            _faults.Add(fault);
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        var request = await BufferAsync(http.Request);
        ArmedFault? fault;
        HeldRequest? held = null;
        List<RequestWatch> watches;
        lock (_gate)
        {
            fault = _faults.FirstOrDefault(f => f.Remaining > 0 && f.Matches(request.Method, request.Path));
            if (fault is not null && fault.Kind != FaultKind.Hold)
            {
                fault.Remaining--;
            }

            if (fault?.Kind == FaultKind.Hold)
            {
                held = new HeldRequest();
                _held.Add(held);
            }

            watches = _watches.Where(w => w.Matches(request.Method, request.Path)).ToList();
        }

        watches.ForEach(w => w.Arrived());
        if (held is not null)
        {
            await HoldThenForwardAsync(http, request, held);
            return;
        }

        switch (fault?.Kind)
        {
            case FaultKind.HtmlError:
                http.Response.StatusCode = (int)fault.Status;
                http.Response.ContentType = "text/html";
                await http.Response.WriteAsync(
                    $"<!DOCTYPE html><html><head><title>{(int)fault.Status} {fault.Status}</title></head><body><h1>{(int)fault.Status} {fault.Status}</h1><p>Gateway between you and the broker.</p></body></html>");
                return;
            case FaultKind.DropAfterForwarding:
                using (await ForwardAsync(request, CancellationToken.None))
                {
                    http.Abort();
                }

                return;
            case FaultKind.DelayAnswer:
                using (var answer = await ForwardAsync(request, CancellationToken.None))
                {
                    // The fault itself is a slow network: the proxy waits, the test waits on its own signals.
                    await Task.Delay(fault.Delay, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    await CopyAsync(answer, http);
                }

                return;
            default:
                using (var answer = await ForwardAsync(request, http.RequestAborted))
                {
                    await CopyAsync(answer, http);
                    await http.Response.CompleteAsync();
                }

                watches.ForEach(w => w.Answered());
                return;
        }
    }

    private async Task HoldThenForwardAsync(HttpContext http, BufferedRequest request, HeldRequest held)
    {
        try
        {
            if (!await held.Decision.Task)
            {
                http.Abort();
                return;
            }

            // The client may be long gone (killed): the broker still gets the request, as a real network may deliver it.
            using var answer = await ForwardAsync(request, CancellationToken.None);
            if (!http.RequestAborted.IsCancellationRequested)
            {
                await CopyAsync(answer, http);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ConnectionResetException)
        {
            // The client hung up while the answer was copied: the broker has the request, which is all a held request promises.
        }
        finally
        {
            held.Handled.TrySetResult();
        }
    }

    private async Task<HttpResponseMessage> ForwardAsync(BufferedRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(Target, request.PathAndQuery));
        if (request.Body.Length > 0 || request.Method is "POST" or "PUT" or "PATCH")
        {
            message.Content = new ByteArrayContent(request.Body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (_hopByHop.Contains(name))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, values))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, values);
            }
        }

        return await _broker.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    private static async Task CopyAsync(HttpResponseMessage answer, HttpContext http)
    {
        http.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!_hopByHop.Contains(name))
            {
                http.Response.Headers[name] = values.ToArray();
            }
        }

        var body = await answer.Content.ReadAsByteArrayAsync();
        await http.Response.Body.WriteAsync(body);
    }

    private static async Task<BufferedRequest> BufferAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var headers = request.Headers.Select(h => (h.Key, h.Value.Select(v => v ?? "").ToArray())).ToList();
        return new BufferedRequest(request.Method, request.Path.Value ?? "", request.Path.Value + request.QueryString.Value, headers, body.ToArray());
    }

    private sealed record BufferedRequest(string Method, string Path, string PathAndQuery, List<(string Name, string[] Values)> Headers, byte[] Body);

    private enum FaultKind
    {
        Hold,
        DropAfterForwarding,
        HtmlError,
        DelayAnswer,
    }

    private sealed record ArmedFault(string Method, string PathPrefix, FaultKind Kind, int Remaining)
    {
        public int Remaining { get; set; } = Remaining;

        public HttpStatusCode Status { get; init; }

        public TimeSpan Delay { get; init; }

        public bool Matches(string method, string path) => RequestWatch.Match(Method, PathPrefix, method, path);
    }

    private sealed class HeldRequest
    {
        public TaskCompletionSource<bool> Decision { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Handled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>Counts requests of one method and path prefix that reached the proxy, and those the broker answered.</summary>
public sealed class RequestWatch(string method, string pathPrefix)
{
    private readonly SignalCounter _arrived = new();
    private readonly SignalCounter _answered = new();

    public int Count => _arrived.Count;

    /// <summary>Completes when at least <paramref name="count"/> matching requests have arrived (held ones are held by then).</summary>
    public Task WhenAsync(int count) => _arrived.WhenAsync(count);

    /// <summary>Completes when the broker's answers to at least <paramref name="count"/> matching requests went back to the client.</summary>
    public Task WhenAnsweredAsync(int count) => _answered.WhenAsync(count);

    internal bool Matches(string requestMethod, string path) => Match(method, pathPrefix, requestMethod, path);

    internal static bool Match(string method, string pathPrefix, string requestMethod, string path) =>
        string.Equals(method, requestMethod, StringComparison.OrdinalIgnoreCase) && path.StartsWith(pathPrefix, StringComparison.Ordinal);

    internal void Arrived() => _arrived.Increment();

    internal void Answered() => _answered.Increment();
}

/// <summary>A count that completes a task per wanted value: signals instead of polling.</summary>
public sealed class SignalCounter
{
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private int _count;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    public Task WhenAsync(int count)
    {
        lock (_gate)
        {
            if (_count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }

    public void Increment()
    {
        lock (_gate)
        {
            _count++;
            foreach (var waiter in _waiters.Where(w => w.Count <= _count).ToList())
            {
                waiter.Reached.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }
}
