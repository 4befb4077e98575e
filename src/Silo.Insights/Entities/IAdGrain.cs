namespace Silo.Insights.Entities;

/// <summary>An ad grain (<c>ad</c> level insights).</summary>
[Alias("silo.insights.IAdGrain")]
public interface IAdGrain : IAdEntityGrain;
