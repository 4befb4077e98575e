using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Silo.Insights.Meta;
using Silo.Insights.Storage;

namespace Silo.Insights.Entities;

/// <summary>What every ad entity grain needs, in one singleton so the four grain types stay one-liners.</summary>
public sealed class RefreshServices(IInsightsSource source, AdAccountStore accounts, AdEntityStore entities, InsightRowWriter rows,
    SyncRunStore runs, IOptions<InsightsOptions> options, ILogger<AdEntityGrain> logger)
{
    public IInsightsSource Source { get; } = source;
    public AdAccountStore Accounts { get; } = accounts;
    public AdEntityStore Entities { get; } = entities;
    public InsightRowWriter Rows { get; } = rows;
    public SyncRunStore Runs { get; } = runs;
    public InsightsOptions Options { get; } = options.Value;
    public ILogger<AdEntityGrain> Logger { get; } = logger;
}
