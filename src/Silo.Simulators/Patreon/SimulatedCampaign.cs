using System.Text;
using Silo.Simulators.MetaCdn;
using Silo.Simulators.VideoSite;

namespace Silo.Simulators.Patreon;

/// <summary>
/// Fills a campaign of the Patreon simulator with a creator's history: posts of each kind in turn
/// (text, picture, video, audio, embedded YouTube video, then text again…), files on the CDN simulator,
/// each distinct, YouTube videos on the video site simulator (its watch URL, as yt-dlp reads YouTube),
/// three tiers, and every third post locked to one of them.
/// </summary>
public static class SimulatedCampaign
{
    /// <summary>How many posts of each kind <see cref="Populate"/> made, and the campaign's tiers.</summary>
    public sealed record Summary(int Texts, int Images, int Videos, int Audios, int YouTubes, IReadOnlyList<PatreonTierRecord> Tiers, IReadOnlyList<PatreonPost> Posts);

    /// <summary>The kinds in turn: post i is <c>Kinds[i % 5]</c>.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["text", "image", "video", "audio", "youtube"];

    /// <summary>
    /// Adds <paramref name="posts"/> posts (ids <c>{campaignId}0001</c>…, the first the oldest) published
    /// <paramref name="spacing"/> apart up to <paramref name="newest"/>. <paramref name="audio"/> is the body of
    /// every audio file (a real MP3 for the archive's probe), with the post's id appended so each differs; pictures and
    /// videos are <see cref="SampleMedia"/>'s.
    /// </summary>
    public static Summary Populate(PatreonSimulator patreon, VideoSiteSimulator site, string campaignId, int posts, DateTimeOffset newest, TimeSpan spacing,
        byte[] audio, int imageBytes = 4096, int videoBytes = 16 * 1024)
    {
        var tiers = new List<PatreonTierRecord>
        {
            new($"{campaignId}01", "Supporter", 300), new($"{campaignId}02", "Insider", 1000), new($"{campaignId}03", "Producer", 2500),
        };
        patreon.AddCampaign(campaignId, tiers);
        int texts = 0, images = 0, videos = 0, audios = 0, youTubes = 0;
        var made = new List<PatreonPost>();
        for (var i = 0; i < posts; i++)
        {
            var id = $"{campaignId}{i + 1:D4}";
            var at = newest - spacing * (posts - 1 - i);
            IReadOnlyList<string> locked = i % 3 == 2 ? [tiers[i / 3 % tiers.Count].Id] : [];
            var post = Kinds[i % Kinds.Count] switch
            {
                "image" => Post(id, $"Sketch {i}", $"<p>Work in progress {i}.</p><p><img src=\"{Image(patreon.Cdn, $"patreon-{id}.png", imageBytes)}\" alt=\"\"></p>", at, locked, ref images),
                "video" => Post(id, $"Video {i}", $"<p>New episode {i}.</p><video controls src=\"{Video(patreon.Cdn, $"patreon-{id}.mp4", videoBytes)}\"></video>", at, locked, ref videos),
                "audio" => Post(id, $"Podcast {i}", $"<p>Episode {i} &amp; notes.</p><audio controls src=\"{File(patreon.Cdn, $"patreon-{id}.mp3", audio, id, "audio/mpeg")}\"></audio>", at, locked, ref audios),
                "youtube" => YouTube(site, id, i, at, locked, ref youTubes),
                _ => Post(id, $"Update {i}", $"<p>Thanks for your support, post {i}.</p><p>More soon.</p>", at, locked, ref texts),
            };
            patreon.AddPost(campaignId, post);
            made.Add(post);
        }
        return new Summary(texts, images, videos, audios, youTubes, tiers, made);
    }

    private static PatreonPost Post(string id, string title, string content, DateTimeOffset at, IReadOnlyList<string> tiers, ref int counter)
    {
        counter++;
        return new PatreonPost(id, title, content, at, IsPublic: tiers.Count == 0, Tiers: tiers);
    }

    private static PatreonPost YouTube(VideoSiteSimulator site, string id, int i, DateTimeOffset at, IReadOnlyList<string> tiers, ref int counter)
    {
        counter++;
        var videoId = $"yt{id}";
        site.AddVideo(videoId, new SiteVideo($"Talk {i}", "Creator Channel", DateOnly.FromDateTime(at.UtcDateTime), TimeSpan.FromSeconds(60),
            Encoding.ASCII.GetBytes(videoId), new Dictionary<string, string> { ["en"] = $"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nTalk {id}\n" }));
        var url = site.WatchUrl(videoId);
        return new PatreonPost(id, $"Talk {i}", $"<p>Watch the talk {i}.</p>", at, url,
            new PatreonEmbed(url, "YouTube", "https://www.youtube.com/", $"Talk {i}", "A talk",
                $"<iframe src=\"{url}\" width=\"640\" height=\"360\"></iframe>"), IsPublic: tiers.Count == 0, Tiers: tiers);
    }

    private static string Image(MetaCdnSimulator cdn, string name, int bytes)
    {
        cdn.AddFile(name, SampleMedia.Image(name, bytes));
        return cdn.SignedUrl(name, cdn.Time.GetUtcNow().AddDays(30));
    }

    private static string Video(MetaCdnSimulator cdn, string name, int bytes)
    {
        cdn.AddFile(name, SampleMedia.Video(name, bytes));
        return cdn.SignedUrl(name, cdn.Time.GetUtcNow().AddDays(30));
    }

    private static string File(MetaCdnSimulator cdn, string name, byte[] body, string id, string contentType)
    {
        cdn.AddFile(name, [.. body, .. Encoding.ASCII.GetBytes(id)], contentType);
        return cdn.SignedUrl(name, cdn.Time.GetUtcNow().AddDays(30));
    }
}
