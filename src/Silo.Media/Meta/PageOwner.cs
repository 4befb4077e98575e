using Silo.Hosting.Tenants;

namespace Silo.Media.Meta;

/// <summary>
/// The tenant a Facebook page's posts belong to: the one listing it under <c>Silo:Tenants:&lt;tenant&gt;:FacebookPages</c>,
/// else the older <c>Silo:Meta:Tenants:&lt;pageId&gt;</c>, else the page id itself (a tenant no key has unless the operator makes one).
/// </summary>
public static class PageOwner
{
    public static string Of(TenantOwnership ownership, MetaOptions meta, string pageId) =>
        ownership.OwnerOf(AssetKind.FacebookPage, pageId) ?? meta.TenantOf(pageId);
}
