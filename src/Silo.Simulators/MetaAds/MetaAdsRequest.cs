namespace Silo.Simulators.MetaAds;

/// <summary>One request the simulator served (tokens are never recorded), for tests to check who called when.</summary>
public sealed record MetaAdsRequest(DateTimeOffset At, string Method, string Path, string? AccountId, int Status, int? ErrorCode);
