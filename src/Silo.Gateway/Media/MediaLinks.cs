using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Hosting.Hosting;
using Silo.Insights.Creatives;
using Silo.Media.BlobStores;
using Silo.Media.Posts;

namespace Silo.Gateway.Media;

/// <summary>
/// Expiring links to private files (<see cref="BlobStoreOptions.PrivateSources"/>). A page or a client shows a
/// Patreon post's image to a browser that holds no key, so the API hands out <c>/media/{key}?token=…</c>: the
/// token names that key alone and expires after <see cref="BlobStoreOptions.PrivateLinkLifetime"/>, and it is
/// protected by the gateway's data-protection keys, which every gateway of a cluster shares (as sessions need).
/// Only links <c>/media</c> serves are signed; a public bucket's links are its own.
/// </summary>
public sealed class MediaLinks
{
    private const string TokenParameter = "token";

    private readonly ITimeLimitedDataProtector _protector;
    private readonly BlobStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly string? _servedPrefix;

    public MediaLinks(IDataProtectionProvider protection, IOptions<BlobStoreOptions> options, [FromKeyedServices(SiloClock.Key)] TimeProvider time)
    {
        _protector = protection.CreateProtector("Silo.Media.PrivateLink").ToTimeLimitedDataProtector();
        _options = options.Value;
        _time = time;
        var servedHere = _options.Uses("FileSystem") || (_options.Uses("Azure") && _options.Azure.SignsUrls);
        _servedPrefix = servedHere ? $"{_options.PublicBaseUrl.TrimEnd('/')}/" : null;
    }

    /// <summary>The post with every link to a file of a private source signed; any other post as it is.</summary>
    public PostDetail Sign(PostDetail post) => !_options.IsPrivateSource(post.Source) ? post : post with
    {
        DisplayImageUrl = Sign(post.DisplayImageUrl),
        Media = [.. post.Media.Select(m => m with { PublicUrl = Sign(m.PublicUrl), PreviewUrl = Sign(m.PreviewUrl) })],
        Transcripts = post.Transcripts?.Select(t => t with { TextUrl = Sign(t.TextUrl), VttUrl = Sign(t.VttUrl) }).ToList(),
    };

    /// <summary>A page of posts with the private sources' links signed.</summary>
    public PostPage Sign(PostPage page) => page with { Items = [.. page.Items.Select(Sign)] };

    private PostSummary Sign(PostSummary post) => !_options.IsPrivateSource(post.Source) ? post : post with
    {
        DisplayImageUrl = Sign(post.DisplayImageUrl),
        Archived = [.. post.Archived.Select(a => a with { PublicUrl = Sign(a.PublicUrl)!, PreviewUrl = Sign(a.PreviewUrl) })],
    };

    /// <summary>An ad's creative with its files' links signed: a creative's files are private to the ad's tenant.</summary>
    public AdCreativeView Sign(AdCreativeView creative) => creative with
    {
        Image = Sign(creative.Image), Video = Sign(creative.Video), Thumbnail = Sign(creative.Thumbnail),
    };

    private AdCreativeFileView? Sign(AdCreativeFileView? file) => file is null ? null : file with { Url = Sign(file.Url), PreviewUrl = Sign(file.PreviewUrl) };

    private string? Sign(string? url)
    {
        if (url is null || _servedPrefix is null || !url.StartsWith(_servedPrefix, StringComparison.Ordinal) || url.Contains('?')) return url;
        var key = url[_servedPrefix.Length..];
        return $"{url}?{TokenParameter}={_protector.Protect(key, _time.GetUtcNow() + _options.PrivateLinkLifetime)}";
    }

    /// <summary>Whether <paramref name="token"/> was signed for <paramref name="key"/> and has not expired.</summary>
    public bool Allows(string key, string? token)
    {
        if (string.IsNullOrEmpty(token)) return false;
        try
        {
            // The protector checks the expiry on the machine's clock; Silo's own clock decides as well.
            return _protector.Unprotect(token, out var expires) == key && expires > _time.GetUtcNow();
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }
}
