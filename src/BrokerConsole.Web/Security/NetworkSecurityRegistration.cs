using System.Net;
using BrokerConsole.Core.Auditing;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Web.Security;

/// <summary>Reverse-proxy readiness: forwarded headers from trusted proxies only, HTTPS and HSTS, security headers.</summary>
internal static class NetworkSecurityRegistration
{
    public static IHostApplicationBuilder AddNetworkSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.SectionName);
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((options, proxy) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // One proxy in front: the right-most X-Forwarded-For entry is the one it added, the client it saw.
            options.ForwardLimit = 1;
            foreach (var address in proxy.Value.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(address));
            }

            foreach (var network in proxy.Value.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        services.AddOptions<HttpsRedirectionOptions>().Configure<IOptions<ProxyOptions>>((options, proxy) => options.HttpsPort = proxy.Value.HttpsPort);
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = false; // the console's host says nothing about its siblings
        });
        // Secure whenever the request is HTTPS (directly or as a trusted proxy says): never sent back over plain HTTP.
        services.Configure<AntiforgeryOptions>(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return builder;
    }

    /// <summary>First in the pipeline: everything after sees the client's address and scheme.</summary>
    public static WebApplication UseNetworkSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeaders>();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            if (!app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.AllowHttp && app.Environment.IsProduction())
            {
                app.UseHttpsRedirection();
            }
        }

        app.Use((context, next) =>
        {
            context.RequestServices.GetRequiredService<RequestOrigin>().Set(context.Connection.RemoteIpAddress?.ToString());
            return next(context);
        });
        return app;
    }
}
