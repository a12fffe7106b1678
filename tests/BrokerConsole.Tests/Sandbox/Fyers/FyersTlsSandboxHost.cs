using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BrokerConsole.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Tests.Sandbox.Fyers;

/// <summary>
/// The Fyers sandbox as the official npm client sees Fyers: HTTPS on 127.0.0.1 with a certificate for
/// <c>api-t1.fyers.in</c> and <c>api.fyers.in</c> issued by a CA made at test time, and paths at the root
/// (<c>/api/v3/profile</c>, <c>/data/quotes</c>) rewritten onto <c>/sandbox/fyers</c>. The CA's PEM is written to a
/// temp file for <c>NODE_EXTRA_CA_CERTS</c>, so the client keeps verifying TLS; only the CA is trusted, only by that process.
/// </summary>
public sealed class FyersTlsSandboxHost : IAsyncDisposable
{
    public static readonly string[] Hostnames = ["api-t1.fyers.in", "api.fyers.in"];

    private readonly WebApplication _app;
    private readonly X509Certificate2 _leaf;

    private FyersTlsSandboxHost(WebApplication app, X509Certificate2 leaf, int port, string caFile)
    {
        _app = app;
        _leaf = leaf;
        Port = port;
        CaCertificateFile = caFile;
    }

    public int Port { get; }

    /// <summary>PEM of the test CA; pass as <c>NODE_EXTRA_CA_CERTS</c>.</summary>
    public string CaCertificateFile { get; }

    public static async Task<FyersTlsSandboxHost> StartAsync(IDictionary<string, string?> settings)
    {
        var (ca, leaf) = CreateCertificates();
        var caFile = Path.Combine(Path.GetTempPath(), $"brokerconsole-fyers-ca-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(caFile, ca.ExportCertificatePem());
        ca.Dispose();

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings) { ["Sandbox:Enabled"] = "true" });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(leaf)));
        builder.AddBrokerSandbox();
        var app = builder.Build();
        // Fyers' own paths sit at the host root; the sandbox serves them under /sandbox/fyers.
        app.Use((context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/sandbox", StringComparison.OrdinalIgnoreCase))
            {
                context.Request.Path = new PathString("/sandbox/fyers").Add(context.Request.Path);
            }

            return next(context);
        });
        app.UseRouting();
        app.MapBrokerSandbox();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new FyersTlsSandboxHost(app, leaf, new Uri(address).Port, caFile);
    }

    /// <summary>A one-day CA and a server certificate signed by it with the Fyers hostnames as SANs.</summary>
    private static (X509Certificate2 Ca, X509Certificate2 Leaf) CreateCertificates()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=BrokerConsole test CA (Fyers sandbox)", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=" + Hostnames[0], leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var host in Hostnames)
        {
            san.AddDnsName(host);
        }

        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var signed = leafRequest.Create(ca, now.AddMinutes(-5), now.AddHours(12), RandomNumberGenerator.GetBytes(12));
        using var withKey = signed.CopyWithPrivateKey(leafKey);
        // Round-trip through PKCS#12 so Kestrel gets a certificate whose private key it can use on every platform.
        var leaf = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return (ca, leaf);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _leaf.Dispose();
        File.Delete(CaCertificateFile);
    }
}
