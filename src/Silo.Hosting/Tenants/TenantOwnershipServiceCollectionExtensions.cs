using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Silo.Hosting.Tenants;

/// <summary>Registers <see cref="TenantOwnership"/> once, whichever module asks first.</summary>
public static class TenantOwnershipServiceCollectionExtensions
{
    public static IServiceCollection AddTenantOwnership(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(s => s.ServiceType == typeof(TenantOwnership))) return services;
        services.AddOptions<TenantOwnershipOptions>().Configure(o => configuration.GetSection(TenantOwnershipOptions.Section).Bind(o.Tenants))
            .Validate(NoAccountTwice, "An account is listed for two tenants under Silo:Tenants; each account has one owner.").ValidateOnStart();
        services.AddSingleton<IOptionsChangeTokenSource<TenantOwnershipOptions>>(new ConfigurationChangeTokenSource<TenantOwnershipOptions>(
            configuration.GetSection(TenantOwnershipOptions.Section)));
        services.TryAddSingleton<TenantOwnership>();
        return services;
    }

    private static bool NoAccountTwice(TenantOwnershipOptions o) =>
        new Func<TenantAssets, List<string>>[] { a => a.FacebookPages, a => a.InstagramAccounts, a => a.PatreonCampaigns, a => a.AdAccounts, a => a.MetricoolBlogs }
            .All(list => o.Tenants.Values.SelectMany(list).GroupBy(id => id).All(g => g.Count() == 1));
}
