using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace BrokerConsole.Tests.TestSupport;

/// <summary>
/// Debian's nginx running the repository's own site file (deploy/nginx/brokerconsole.conf) in front of app nodes on
/// loopback. Only what a test machine must differ in is rewritten (ports, upstream servers, certificate paths), and
/// each rewrite must match, so an edit to the shipped file cannot leave the test running something else.
/// </summary>
public sealed partial class NginxFront : IAsyncDisposable
{
    public const string NginxPath = "/usr/sbin/nginx";

    private readonly Process _process;
    private readonly string _folder;
    private readonly System.Text.StringBuilder _errors = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NginxFront(Process process, string folder, int httpPort, int httpsPort, X509Certificate2 certificate)
    {
        _process = process;
        _folder = folder;
        HttpUrl = new Uri($"http://127.0.0.1:{httpPort}/");
        HttpsUrl = new Uri($"https://127.0.0.1:{httpsPort}/");
        Certificate = certificate;
        // nginx notes "start worker processes" on its error log (stderr here) once its sockets listen: the readiness signal.
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _listening.TrySetException(new InvalidOperationException("nginx stopped: " + ErrorLog));
                return;
            }

            lock (_errors)
            {
                _errors.AppendLine(e.Data);
            }

            if (e.Data.Contains("start worker process", StringComparison.Ordinal))
            {
                _listening.TrySetResult();
            }
        };
        process.BeginErrorReadLine();
    }

    public Uri HttpUrl { get; }

    public Uri HttpsUrl { get; }

    /// <summary>The self-signed certificate nginx serves: trust exactly this one, nothing else.</summary>
    public X509Certificate2 Certificate { get; }

    public string AccessLog => File.Exists(Path.Combine(_folder, "access.log")) ? File.ReadAllText(Path.Combine(_folder, "access.log")) : "";

    public string ErrorLog
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    public static async Task<NginxFront> StartAsync(params Uri[] nodes)
    {
        if (!File.Exists(NginxPath))
        {
            throw new InvalidOperationException($"This test needs Debian's nginx at {NginxPath}: apt-get install -y nginx (the README's test command does this).");
        }

        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "brokerconsole-nginx", Guid.NewGuid().ToString("N"))).FullName;
        var certificate = WriteCertificate(folder);
        var (httpPort, httpsPort) = (FreePort(), FreePort());
        File.WriteAllText(Path.Combine(folder, "site.conf"), Site(File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "nginx", "brokerconsole.conf")), folder, httpPort, httpsPort, nodes));
        File.WriteAllText(Path.Combine(folder, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log stderr notice;
            events { worker_connections 256; }
            http {
                # The node that answered each request ($upstream_addr): what tests read to tell which node served a tab.
                log_format upstreams '$remote_addr "$request" $status upstream=$upstream_addr';
                access_log {{folder}}/access.log upstreams;
                client_body_temp_path {{folder}}/body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                include {{folder}}/site.conf;
            }
            """);

        var check = Run(folder, "-t");
        await check.WaitForExitAsync();
        if (check.ExitCode != 0)
        {
            throw new InvalidOperationException("nginx -t refused the site: " + await check.StandardError.ReadToEndAsync());
        }

        var front = new NginxFront(Run(folder), folder, httpPort, httpsPort, certificate);
        await front.WaitUntilListeningAsync();
        return front;
    }

    /// <summary>The shipped site with this machine's ports, nodes and certificate.</summary>
    private static string Site(string shipped, string folder, int httpPort, int httpsPort, IReadOnlyList<Uri> nodes)
    {
        var site = Replace(shipped, UpstreamServer(), string.Join('\n', nodes.Select(n => $"    server 127.0.0.1:{n.Port} max_fails=1 fail_timeout=10s;")));
        site = Replace(site, new Regex(@"^\s*#\s*server .*;\s*$", RegexOptions.Multiline), "");
        site = Replace(site, new Regex(@"^\s*listen \[::\]:\d+.*;\s*$", RegexOptions.Multiline), "");
        site = Replace(site, new Regex(@"listen 80;"), $"listen 127.0.0.1:{httpPort};");
        site = Replace(site, new Regex(@"listen 443 ssl"), $"listen 127.0.0.1:{httpsPort} ssl");
        site = Replace(site, new Regex(@"ssl_certificate\s+\S+;"), $"ssl_certificate {folder}/cert.pem;");
        site = Replace(site, new Regex(@"ssl_certificate_key\s+\S+;"), $"ssl_certificate_key {folder}/key.pem;");
        // The redirect names the public port 443; here the HTTPS port is another one.
        return Replace(site, new Regex(@"return 301 https://\$host\$request_uri;"), $"return 301 https://$host:{httpsPort}$request_uri;");
    }

    private static string Replace(string text, Regex pattern, string replacement) =>
        pattern.IsMatch(text) ? pattern.Replace(text, replacement.Replace("$", "$$", StringComparison.Ordinal)) : throw new InvalidOperationException($"deploy/nginx/brokerconsole.conf no longer has {pattern}: update NginxFront with it.");

    [GeneratedRegex(@"^\s*server 127\.0\.0\.1:5080 .*;\s*$", RegexOptions.Multiline)]
    private static partial Regex UpstreamServer();

    private static X509Certificate2 WriteCertificate(string folder)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(folder, "cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        return certificate;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Process Run(string folder, string? extra = null) => Process.Start(new ProcessStartInfo(NginxPath)
    {
        ArgumentList = { "-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-e", "stderr" },
        RedirectStandardError = true,
        RedirectStandardOutput = true,
        UseShellExecute = false,
    }.WithExtra(extra)) ?? throw new InvalidOperationException("nginx did not start");

    private Task WaitUntilListeningAsync() => _listening.Task.WaitAsync(TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Certificate.Dispose();
        TestFolders.Delete(_folder);
    }
}

internal static class ProcessStartInfoExtensions
{
    public static ProcessStartInfo WithExtra(this ProcessStartInfo info, string? argument)
    {
        if (argument is not null)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }
}
