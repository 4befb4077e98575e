namespace Silo.Media.Posts;

/// <summary>The posts holding a stored file, by tenant and source: who may read it, and whether a link alone suffices.</summary>
public sealed record MediaFileHolders(IReadOnlyList<MediaFileHolder> Holders)
{
    /// <summary>
    /// Private when every post holding it comes from a private source. The same bytes held by a public post were
    /// published anyway (deduplication shares one file), and a file no post holds any more was only ever public.
    /// </summary>
    public bool IsPrivate(Func<string, bool> privateSource) => Holders.Count > 0 && Holders.All(h => privateSource(h.Source));

    public bool HeldBy(Func<string, bool> seesTenant) => Holders.Any(h => seesTenant(h.Tenant));
}

public sealed record MediaFileHolder(string Tenant, string Source);
