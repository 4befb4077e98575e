using System.Buffers.Binary;
using System.Text;
using Silo.Simulators.MetaCdn;

namespace Silo.Simulators.MetaGraph;

/// <summary>
/// Fills the Graph simulator with a page's or an Instagram account's history: thousands of posts
/// whose files live on the CDN simulator as generated bodies (never held in memory), each file's
/// content distinct so nothing is deduplicated by accident. Deterministic: the same arguments give
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
    /// <param name="imageFile">Makes each image's file from its name (the demo's viewable pictures); default: a generated PNG body of <paramref name="imageBytes"/>.</param>
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
                1 => new(id, $"Reel {i}", "VIDEO", Video(graph, file + ".mp4", videoBytes), at, ThumbnailFile: Image(graph, file + ".png", imageBytes),
                    MediaProductType: "REELS"),
                2 => new(id, $"Carousel {i}", "CAROUSEL_ALBUM", Image(graph, file + "-0.png", imageBytes), at, Children:
                    [.. Enumerable.Range(0, 3).Select(c => new GraphInstagramMedia($"{id}{c}", null, "IMAGE", Image(graph, $"{file}-{c}.png", imageBytes), at))]),
                _ => new(id, $"Photo {i}", "IMAGE", Image(graph, file + ".png", imageBytes), at),
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

    /// <summary>A PNG whose IHDR is real and whose name is written into its body, so every file hashes differently.</summary>
    private static string Image(MetaGraphSimulator graph, string name, int bytes) => GeneratedImage(graph, name, bytes);

    private static string GeneratedImage(MetaGraphSimulator graph, string name, int bytes)
    {
        byte[] header = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 0, 0, 0, 0, 0];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(16), 1080);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(20), 1080);
        graph.Cdn.AddFile(name, CdnFile.Generated([.. header, .. Encoding.ASCII.GetBytes(name)], bytes, "image/png", name.Length));
        return name;
    }

    /// <summary>An MP4 (ftyp, then an mdat box) whose body carries its name.</summary>
    private static string Video(MetaGraphSimulator graph, string name, int bytes)
    {
        byte[] ftyp = [0, 0, 0, 24, .. "ftypisom"u8, 0, 0, 2, 0, .. "isomiso2"u8];
        var mdat = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(mdat, (uint)(bytes - ftyp.Length));
        "mdat"u8.CopyTo(mdat.AsSpan(4));
        graph.Cdn.AddFile(name, CdnFile.Generated([.. ftyp, .. mdat, .. Encoding.ASCII.GetBytes(name)], bytes, "video/mp4"));
        return name;
    }
}
