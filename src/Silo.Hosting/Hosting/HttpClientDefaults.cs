using Microsoft.Extensions.DependencyInjection;

namespace Silo.Hosting.Hosting;

/// <summary>How every outgoing client the factory makes is built.</summary>
public static class HttpClientDefaults
{
    /// <summary>
    /// Each client's handler lives as long as the node; the connection pool's own lifetime picks up DNS
    /// changes instead. The factory's default of recycling handlers every two minutes keeps a timer per
    /// handler, and that timer held a stopped node (its whole service provider) for two more minutes.
    /// </summary>
    public static IServiceCollection AddSiloHttpClientDefaults(this IServiceCollection services)
    {
        services.ConfigureHttpClientDefaults(http => http
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }));
        return services;
    }
}
