using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Silo.Insights.Meta;
using Silo.Insights.Storage;

namespace Silo.Insights.Entities;

/// <summary>What every ad entity grain needs, in one singleton so the four grain types stay one-liners.</summary>
public sealed class RefreshServices(IInsightsSource source, AdAccountStore accounts, RefreshRecorder recorder,
    SyncRunStore runs, IOptions<InsightsOptions> options, ILogger<AdEntityGrain> logger)
{
    public IInsightsSource Source { get; } = source;
    public AdAccountStore Accounts { get; } = accounts;
    public RefreshRecorder Recorder { get; } = recorder;
    public SyncRunStore Runs { get; } = runs;
    public InsightsOptions Options { get; } = options.Value;
    public ILogger<AdEntityGrain> Logger { get; } = logger;
}
