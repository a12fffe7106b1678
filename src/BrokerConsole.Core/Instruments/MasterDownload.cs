using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Core.Instruments;

/// <summary>Fetches a master file over the shared HttpClient (gzip and deflate decoded, as Kite serves its dump).</summary>
public static class MasterDownload
{
    public const string HttpClientName = "BrokerConsole.InstrumentMasters";

    public static Task<string> TextAsync(IServiceProvider services, Uri location, CancellationToken cancellationToken) =>
        TextAsync(services, location, null, null, cancellationToken);

    /// <param name="services">The app's services (the shared HttpClient).</param>
    /// <param name="location">The master's URL.</param>
    /// <param name="headers">Headers the broker wants on the download (Kite: its version and session), if any.</param>
    /// <param name="refusedHint">Said after a 401/403, e.g. what session the broker wants.</param>
    /// <param name="cancellationToken">Ends the download.</param>
    public static async Task<string> TextAsync(IServiceProvider services, Uri location, IReadOnlyDictionary<string, string>? headers, string? refusedHint,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(location);
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, location);
            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var hint = response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden && refusedHint is not null ? " " + refusedHint : "";
                throw new InstrumentMasterException($"{location.Host}{location.AbsolutePath} answered {(int)response.StatusCode}.{hint}");
            }

            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new InstrumentMasterException($"{location.Host}{location.AbsolutePath} could not be reached: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InstrumentMasterException($"{location.Host}{location.AbsolutePath} timed out.", ex);
        }
    }

    /// <summary>The folder of <paramref name="root"/> with a trailing slash, so relative paths land under it.</summary>
    public static Uri Folder(Uri root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return new Uri(root.AbsoluteUri.TrimEnd('/') + "/");
    }
}
