namespace Silo.Hosting.Destinations;

/// <summary>What one attempt came to: accepted (a 2xx), or failed with the status or the reason.</summary>
public sealed record SendResult(bool Delivered, int? StatusCode, string? Error);
