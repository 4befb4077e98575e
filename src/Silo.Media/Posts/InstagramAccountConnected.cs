
using Silo.Hosting.Tenants;

namespace Silo.Media.Posts;

/// <summary>
/// An Instagram professional account was connected: poll its media for <paramref name="Tenant"/>, as asked by a key of
/// <paramref name="CallerTenant"/> (the owner check: <see cref="TenantOwnership.MayActOn"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("silo.media.InstagramAccountConnected")]
public sealed record InstagramAccountConnected([property: Id(0)] string IgUserId, [property: Id(1)] string Tenant, [property: Id(2)] string CallerTenant);
