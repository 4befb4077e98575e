namespace Silo.Insights.Entities;

/// <summary>An ad set grain (<c>adset</c> level insights).</summary>
[Alias("silo.insights.IAdSetGrain")]
public interface IAdSetGrain : IAdEntityGrain;
