using System.Net;
using Microsoft.Extensions.Options;
using Silo.Media.Archiving;
using Silo.Hosting.Outbound;

namespace Silo.Media.Posts;

/// <summary>
/// Chooses a post's display image (seed 002's priority: local picture, local full picture, original
/// picture, original full picture, any local image, any original image). An archived copy is always
/// safe: it is served by Silo or its store. An original link is shown only when the viewer's browser
/// could fetch it without harm: https, on <see cref="MediaOptions.AllowedHosts"/>, not an IP literal
/// outside the public internet, and not refused or failed for good by the downloader. Anything else
/// would let whoever wrote the post make every viewer's browser fetch an address of their choice.
/// </summary>
public sealed class DisplayImage(IOptions<MediaOptions> options)
{
    private readonly HostAllowList _allowList = new(options.Value.AllowedHosts);

    public DisplayImageChoice Choose(IReadOnlyList<DisplayCandidate> media)
    {
        var ordered = media.OrderBy(m => m.Slot, StringComparer.Ordinal).ToList();
        var hasLocal = ordered.Any(IsLocalImage);
        string? refusal = null;

        if (Local(ordered.FirstOrDefault(m => m.Role == "picture" && m.Kind == "image")) is { } picture) return new(picture, hasLocal, null);
        if (Local(ordered.FirstOrDefault(m => m.Role == "full_picture")) is { } full) return new(full, hasLocal, null);
        if (Original(ordered.FirstOrDefault(m => m.Role == "picture"), ref refusal) is { } originalPicture) return new(originalPicture, hasLocal, null);
        if (Original(ordered.FirstOrDefault(m => m.Role == "full_picture"), ref refusal) is { } originalFull) return new(originalFull, hasLocal, null);
        if (ordered.FirstOrDefault(IsLocalImage) is { } anyLocal) return new(anyLocal.PublicUrl, hasLocal, null);
        foreach (var image in ordered.Where(m => m.Kind == "image"))
            if (Original(image, ref refusal) is { } original) return new(original, hasLocal, null);

        return new(null, hasLocal, refusal ?? "The post has no image.");
    }

    /// <summary>Why an original link must not be shown to a browser, or null when it may.</summary>
    public string? RefusalOf(DisplayCandidate item)
    {
        if (item.Status == MediaItemStatus.Error)
            return $"The download failed for good ({item.Error ?? "no reason recorded"}), so its link is not shown.";
        if (!Uri.TryCreate(item.OriginalUrl, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            return "Not archived, and its link is not an https URL.";
        if (uri.UserInfo.Length > 0)
            return "Not archived, and its link carries credentials.";
        if (!_allowList.Allows(uri))
            return $"Not archived, and {uri.IdnHost} is not in Silo:Media:AllowedHosts.";
        if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address) && AddressPolicy.Decide(address) != AddressVerdict.Allowed)
            return "Not archived, and its link names an address outside the public internet.";
        return null;
    }

    private static bool IsLocalImage(DisplayCandidate m) => m.PublicUrl is not null && m.MimeType?.StartsWith("image/", StringComparison.Ordinal) == true;

    private static string? Local(DisplayCandidate? item) => item?.PublicUrl;

    private string? Original(DisplayCandidate? item, ref string? refusal)
    {
        if (item is null) return null;
        if (RefusalOf(item) is { } why)
        {
            refusal ??= why;
            return null;
        }
        return item.OriginalUrl;
    }
}
