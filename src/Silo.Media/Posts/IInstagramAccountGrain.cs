namespace Silo.Media.Posts;

/// <summary>One connected Instagram professional account, keyed by its numeric id.</summary>
[Alias("silo.media.IInstagramAccountGrain")]
public interface IInstagramAccountGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts (or keeps) polling the account's media for <see cref="InstagramAccountConnected.Tenant"/>; returns true once
    /// that is persisted, or false, changing nothing, when the account is not that tenant's (<c>Silo:Tenants:&lt;tenant&gt;:InstagramAccounts</c>;
    /// an unlisted account only by a tenant-<c>*</c> key), is already connected for another tenant, or the caller does not act for the tenant.
    /// </summary>
    [Alias("Connect")]
    Task<bool> Connect(InstagramAccountConnected connected);
}
