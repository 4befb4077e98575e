namespace Silo.Media.Posts;

/// <summary>The posts and ads holding a stored file, by tenant and source: who may read it, and whether a link alone suffices.</summary>
public sealed record MediaFileHolders(IReadOnlyList<MediaFileHolder> Holders)
{
    /// <summary>The source an ad's creative holds its files as: always private to the ad account's tenant.</summary>
    public const string AdCreativeSource = "meta_ads";

    /// <summary>
    /// Private when every post holding it comes from a private source and every ad's creative holding it is (a team's
    /// ads are its own business until it shows them). The same bytes held by a public post were published anyway
    /// (deduplication shares one file), and a file nothing holds any more was only ever public.
    /// </summary>
    public bool IsPrivate(Func<string, bool> privateSource) =>
        Holders.Count > 0 && Holders.All(h => h.Source == AdCreativeSource || privateSource(h.Source));

    public bool HeldBy(Func<string, bool> seesTenant) => Holders.Any(h => seesTenant(h.Tenant));
}

public sealed record MediaFileHolder(string Tenant, string Source);
