using System.Net.Http.Json;
using Silo.Simulators.MetaAds;

namespace Silo.Cluster.Tests.Support;

/// <summary>An ad account in live mode: its campaigns, ad sets and ads on the Marketing API simulator, connected through the gateway.</summary>
public static class InsightsLoad
{
    public const string AccountId = "act_5005";

    /// <summary>Creates the account's entities on the simulator and connects it; returns the entities.</summary>
    public static async Task<IReadOnlyList<MetaAdsEntity>> ConnectAsync(Simulators simulators, HttpClient admin, CancellationToken cancellationToken)
    {
        var entities = simulators.Ads.AddAccount(AccountId, campaigns: 2, adSets: 2, ads: 2);
        using var response = await admin.PostAsJsonAsync("/meta/insights/accounts",
            new { account_id = AccountId, tenant = "faults", name = "Fault suite account", token_ref = ClusterSettings.AdsTokenName }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return entities;
    }
}
