using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Core.Instruments;

/// <summary>Fetches a master file over the shared HttpClient (gzip and deflate decoded, as Kite serves its dump).</summary>
public static class MasterDownload
{
    public const string HttpClientName = "BrokerConsole.InstrumentMasters";

    public static async Task<string> TextAsync(IServiceProvider services, Uri location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(location);
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
        try
        {
            using var response = await http.GetAsync(location, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InstrumentMasterException($"{location.Host}{location.AbsolutePath} answered {(int)response.StatusCode}.");
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
