using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Silo.Hosting.Metrics;

/// <summary>Registers contributors to <c>/metrics</c>.</summary>
public static class MetricsServiceCollectionExtensions
{
    /// <summary>Adds <typeparamref name="TSource"/> (a singleton) to the sources every scrape reads; adding it twice is harmless.</summary>
    public static IServiceCollection AddMetricsSource<TSource>(this IServiceCollection services) where TSource : class, IMetricsSource
    {
        services.TryAddSingleton<TSource>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricsSource, TSource>(sp => sp.GetRequiredService<TSource>()));
        return services;
    }
}
