using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Silo.Hosting.Hosting;
using Silo.Insights.Accounts;
using Silo.Insights.Creatives;
using Silo.Insights.Hosting;
using Silo.Insights.Meta;
using Silo.Insights.Sync;

namespace Silo.Insights.Entities;

/// <summary>What every ad entity grain needs, in one singleton so the three grain types stay one-liners.</summary>
public sealed class RefreshServices(IInsightsSource source, AccountLimits accounts, SyncRunStore runs, IOptions<InsightsOptions> options,
    IOptions<ReminderOptions> reminders, [FromKeyedServices(SiloClock.Key)] TimeProvider time, ILogger<AdEntityGrain> logger,
    CreativeArchiver creatives)
{
    public CreativeArchiver Creatives { get; } = creatives;
    public IInsightsSource Source { get; } = source;
    public AccountLimits Accounts { get; } = accounts;
    public SyncRunStore Runs { get; } = runs;
    public InsightsOptions Options { get; } = options.Value;

    /// <summary>Orleans refuses reminder periods below its minimum: periods are raised to it.</summary>
    public TimeSpan MinimumReminderPeriod { get; } = reminders.Value.MinimumReminderPeriod;
    public TimeProvider Time { get; } = time;
    public ILogger<AdEntityGrain> Logger { get; } = logger;
}
