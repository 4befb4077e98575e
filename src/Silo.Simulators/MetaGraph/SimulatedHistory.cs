using Silo.Simulators.MetaCdn;

namespace Silo.Simulators.MetaGraph;

/// <summary>
/// Fills the Graph simulator with a page's or an Instagram account's history: thousands of posts
/// whose files live on the CDN simulator as real PNGs and MP4s grown to size (<see cref="SampleMedia"/>,
/// never held in memory), each file's content distinct so nothing is deduplicated by accident. Deterministic: the same arguments give
/// the same posts, ids and files.
/// </summary>
public static class SimulatedHistory
{
    /// <summary>What a generated history holds.</summary>
    public sealed record Summary(int Posts, int Attachments, int WithMedia, int Statuses, int Photos, int Albums, int Videos, int Shares,
        DateTimeOffset Oldest, DateTimeOffset Newest);

    /// <summary>
    /// <paramref name="posts"/> posts on <paramref name="pageId"/>'s feed, one every <paramref name="spacing"/> back from
    /// <paramref name="newest"/>, holding <paramref name="attachments"/> media files in all (seed 002: 3,111 posts, 5,600
    /// attachments): a tenth status updates without media, a tenth shared links (a preview image), a tenth videos (a
    /// thumbnail and the video), a fifth albums whose sub-attachments take up the remaining files, the rest photos.
    /// Every post with media has a message (a post without one is a story to the archive, seed 000).
    /// </summary>
    /// <param name="imageFile">Makes each image's file from its name (the demo's viewable pictures); default: a real PNG grown to <paramref name="imageBytes"/>.</param>
    public static Summary PopulatePage(MetaGraphSimulator graph, string pageId, int posts, int attachments, DateTimeOffset newest,
        TimeSpan spacing, int imageBytes = 100 * 1024, int videoBytes = 256 * 1024, Func<string, CdnFile>? imageFile = null)
    {
        string Image(MetaGraphSimulator graph, string name, int bytes)
        {
            if (imageFile is null) return GeneratedImage(graph, name, bytes);
            graph.Cdn.AddFile(name, imageFile(name));
            return name;
        }

        var kinds = Enumerable.Range(0, posts).Select(i => (i % 10) switch { 0 => "status", 1 => "share", 2 => "video", 3 or 4 => "album", _ => "photo" }).ToList();
        var albums = kinds.Count(k => k == "album");
        var single = kinds.Count(k => k is "share" or "video" or "photo");
        var left = attachments - single;
        if (albums == 0 ? left != 0 : left < 2 * albums)
            throw new ArgumentOutOfRangeException(nameof(attachments), $"{attachments} attachments cannot be spread over {posts} posts (at least {single + 2 * albums}).");
        var album = 0;
        for (var i = 0; i < posts; i++)
        {
            var id = $"{pageId}_{9_000_000 + i}";
            var at = newest - spacing * i;
            var file = $"{pageId}-{i}";
            var post = kinds[i] switch
            {
                "status" => new GraphFacebookPost(id, $"Status update {i}", CreatedTime: at),
                "share" => new GraphFacebookPost(id, $"Shared link {i}", FullPicture: Image(graph, file + ".png", imageBytes),
                    Attachments: [new GraphAttachment(file + ".png", MediaType: "share", Url: $"https://example.org/articles/{i}")], CreatedTime: at),
                "video" => new GraphFacebookPost(id, $"Video {i}", FullPicture: Image(graph, file + ".png", imageBytes),
                    Attachments: [new GraphAttachment(file + ".png", Video(graph, file + ".mp4", videoBytes), MediaType: "video")], CreatedTime: at),
                "album" => AlbumPost(id, at, [.. Enumerable.Range(0, left / albums + (album++ < left % albums ? 1 : 0))
                    .Select(j => Image(graph, $"{file}-{j}.png", imageBytes))], i),
                _ => new GraphFacebookPost(id, $"Photo {i}", FullPicture: Image(graph, file + ".png", imageBytes),
                    Attachments: [new GraphAttachment(file + ".png", MediaType: "photo", Url: $"https://www.facebook.com/photo/?fbid={i}")], CreatedTime: at),
            };
            graph.AddPagePost(pageId, post);
        }
        return new Summary(posts, attachments, posts - kinds.Count(k => k == "status"), kinds.Count(k => k == "status"), kinds.Count(k => k == "photo"),
            albums, kinds.Count(k => k == "video"), kinds.Count(k => k == "share"), newest - spacing * (posts - 1), newest);
    }

    /// <summary>
    /// <paramref name="count"/> media of an Instagram account, one every <paramref name="spacing"/> back from
    /// <paramref name="newest"/>: images, videos (with a <c>thumbnail_url</c>) and carousels of three children.
    /// </summary>
    public static int PopulateInstagram(MetaGraphSimulator graph, string igUserId, int count, DateTimeOffset newest, TimeSpan spacing,
        int imageBytes = 100 * 1024, int videoBytes = 256 * 1024)
    {
        var files = 0;
        for (var i = 0; i < count; i++)
        {
            var id = $"{17_800_000_000_000_000L + long.Parse(igUserId[^Math.Min(igUserId.Length, 6)..], System.Globalization.CultureInfo.InvariantCulture) * 10_000 + i}";
            var file = $"ig-{igUserId}-{i}";
            var at = newest - spacing * i;
            GraphInstagramMedia media = (i % 3) switch
            {
                1 => new(id, $"Reel {i}", "VIDEO", Video(graph, file + ".mp4", videoBytes), at, ThumbnailFile: GeneratedImage(graph, file + ".png", imageBytes),
                    MediaProductType: "REELS"),
                2 => new(id, $"Carousel {i}", "CAROUSEL_ALBUM", GeneratedImage(graph, file + "-0.png", imageBytes), at, Children:
                    [.. Enumerable.Range(0, 3).Select(c => new GraphInstagramMedia($"{id}{c}", null, "IMAGE", GeneratedImage(graph, $"{file}-{c}.png", imageBytes), at))]),
                _ => new(id, $"Photo {i}", "IMAGE", GeneratedImage(graph, file + ".png", imageBytes), at),
            };
            files += (i % 3) switch { 1 => 2, 2 => 3, _ => 1 };
            graph.AddInstagramMedia(igUserId, media);
        }
        return files;
    }

    private static GraphFacebookPost AlbumPost(string id, DateTimeOffset at, List<string> photos, int i)
    {
        var subs = photos.Select(photo => new GraphAttachment(photo, MediaType: "photo")).ToList();
        return new GraphFacebookPost(id, $"Album {i}", FullPicture: subs[0].Image,
            Attachments: [new GraphAttachment(subs[0].Image, Subattachments: subs, MediaType: "album", Url: $"https://www.facebook.com/media/set/?set=a.{i}")],
            CreatedTime: at);
    }

    private static string GeneratedImage(MetaGraphSimulator graph, string name, int bytes)
    {
        graph.Cdn.AddFile(name, SampleMedia.Image(name, bytes));
        return name;
    }

    private static string Video(MetaGraphSimulator graph, string name, int bytes)
    {
        graph.Cdn.AddFile(name, SampleMedia.Video(name, bytes));
        return name;
    }
}
