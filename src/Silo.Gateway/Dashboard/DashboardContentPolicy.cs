using Silo.Media.BlobStores;

namespace Silo.Gateway.Dashboard;

/// <summary>
/// The Content-Security-Policy of Silo's pages. Scripts, styles and data come only from this origin;
/// archived images and videos only from this origin (<c>/media/…</c>) or the configured store's
/// public origin, so a page can never be made to load a post's original, attacker-chosen link.
/// </summary>
public sealed class DashboardContentPolicy(IBlobStore store)
{
    /// <summary>The policy of pages that show no archived media (the sign-in form).</summary>
    public const string Strict =
        "default-src 'self'; img-src 'self' data:; media-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The policy of Silo's pages, which render archived media.</summary>
    public string Header { get; } = Build(StoreOrigin(store is AzureBlobStore { SignsUrls: true } azure
        ? azure.ContainerUrl // /media/… redirects there with a signature
        : store.PublicUrl("probe")));

    /// <summary>The origin archived files are served from when it is not this gateway (an S3 bucket's public URL), else null.</summary>
    public static string? StoreOrigin(string publicUrl) =>
        Uri.TryCreate(publicUrl, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.UserInfo.Length == 0
            ? uri.GetLeftPart(UriPartial.Authority)
            : null; // a path such as /media/… (on Unix, Uri also reads a rooted path as file://): served by this gateway

    public static string Build(string? storeOrigin)
    {
        var media = storeOrigin is null ? "'self'" : $"'self' {storeOrigin}";
        return $"default-src 'self'; img-src {media} data:; media-src {media}; style-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'";
    }
}
