using Silo.Insights.Meta;

namespace Silo.Insights.Entities;

/// <summary>An ad set grain (<c>adset</c> level insights).</summary>
public sealed class AdSetGrain(RefreshServices services) : AdEntityGrain(services)
{
    protected override string EntityType => AdEntityType.AdSet;
}
