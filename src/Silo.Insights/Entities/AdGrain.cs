using Silo.Insights.Meta;

namespace Silo.Insights.Entities;

/// <summary>An ad grain (<c>ad</c> level insights).</summary>
public sealed class AdGrain(RefreshServices services) : AdEntityGrain(services)
{
    protected override string EntityType => AdEntityType.Ad;
}
