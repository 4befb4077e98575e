using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Hosting.Hosting;

namespace Silo.Gateway.Hosting;

/// <summary>Forwarded headers from the configured proxies only (<see cref="TrustedProxyOptions"/>).</summary>
public static class TrustedProxyServiceCollectionExtensions
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSiloOptions<TrustedProxyOptions>(configuration, TrustedProxyOptions.Section);
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((forwarded, trusted) =>
        {
            // Not X-Forwarded-Host: the proxy passes Host through, and a client-chosen host would feed the Origin checks.
            // None at all without a listed proxy: ASP.NET Core takes empty lists as "trust every sender".
            var any = trusted.Value.Addresses.Count > 0 || trusted.Value.Networks.Count > 0;
            forwarded.ForwardedHeaders = any ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
            forwarded.ForwardLimit = trusted.Value.ForwardLimit;
            // ASP.NET Core trusts loopback by default; Silo trusts only what the operator lists.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var address in trusted.Value.Addresses) forwarded.KnownProxies.Add(IPAddress.Parse(address));
            foreach (var network in trusted.Value.Networks) forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        return services;
    }
}
