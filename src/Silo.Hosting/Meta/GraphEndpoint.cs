namespace Silo.Hosting.Meta;

/// <summary>Where a module's Graph API calls go: the base URL (a path prefix kept), the API version and the app secret the proofs are made with.</summary>
public sealed record GraphEndpoint(Uri BaseUrl, string Version, string? AppSecret);
