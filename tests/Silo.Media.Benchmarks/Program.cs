using System.CommandLine;
using System.Text.Json;
using Silo.Media.Benchmarks;

// Usage: dotnet Silo.Media.Benchmarks.dll posts|video|scale|ack|backfill|patreon|scrub|export [options] [--setting Key=Value ...]
// Each command starts its own fresh database, the CDN simulator on loopback and `silo` node processes, and prints JSON.
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
var setting = new Option<string[]>("--setting") { Description = "Extra node setting Key=Value (repeatable), e.g. Silo:Media:ArchiveReminderPeriod=00:00:10.", AllowMultipleArgumentsPerToken = false };
var posts = new Option<int>("--posts") { Description = "Posts to archive.", DefaultValueFactory = _ => 10_000 };
var imageKb = new Option<int>("--image-kb") { Description = "Image size per post, KB.", DefaultValueFactory = _ => 100 };
var latency = new Option<int>("--latency-ms") { Description = "CDN simulator latency before each response.", DefaultValueFactory = _ => 20 };
var concurrency = new Option<int>("--concurrency") { Description = "Webhooks in flight at once.", DefaultValueFactory = _ => 32 };
var timeout = new Option<int>("--timeout-s") { Description = "Give up waiting for the archive after this many seconds.", DefaultValueFactory = _ => 600 };
var nodes = new Option<int[]>("--nodes") { Description = "Node counts (scale) or the node count (posts).", AllowMultipleArgumentsPerToken = true };
var sizeMb = new Option<int>("--size-mb") { Description = "Video size, MiB.", DefaultValueFactory = _ => 1024 };
var rate = new Option<int>("--rate") { Description = "Webhooks per second.", DefaultValueFactory = _ => 500 };
var withMedia = new Option<bool>("--with-media") { Description = "Each webhook a photo post archived meanwhile (true) or a story that is skipped (false).", DefaultValueFactory = _ => true };
var seconds = new Option<int>("--seconds") { Description = "How long to send at that rate.", DefaultValueFactory = _ => 10 };

IReadOnlyDictionary<string, string> Settings(ParseResult parse) => (parse.GetValue(setting) ?? [])
    .Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
void Print(object result) => Console.WriteLine(JsonSerializer.Serialize(result, result.GetType(), json));

var postsCommand = new Command("posts", "Posts archived per second, latency webhook accepted → archived, node peak memory.") { posts, imageKb, latency, concurrency, timeout, nodes, setting };
postsCommand.SetAction(async (parse, ct) => Print(await PostsBenchmark.RunAsync(parse.GetValue(nodes) is [var n, ..] ? n : 1, parse.GetValue(posts),
    parse.GetValue(imageKb) * 1024, parse.GetValue(latency), parse.GetValue(concurrency), TimeSpan.FromSeconds(parse.GetValue(timeout)), Settings(parse), ct)));

var scaleCommand = new Command("scale", "Posts archived per second with 1, 2 and 3 nodes (each a `silo` process, role all; webhooks round-robin).") { posts, imageKb, latency, concurrency, timeout, nodes, setting };
scaleCommand.SetAction(async (parse, ct) =>
{
    var results = new List<PostsBenchmark.Result>();
    foreach (var n in parse.GetValue(nodes) is { Length: > 0 } counts ? counts : [1, 2, 3])
    {
        results.Add(await PostsBenchmark.RunAsync(n, parse.GetValue(posts), parse.GetValue(imageKb) * 1024, parse.GetValue(latency),
            parse.GetValue(concurrency), TimeSpan.FromSeconds(parse.GetValue(timeout)), Settings(parse), ct));
        await Console.Error.WriteLineAsync($"{n} node(s): {results[^1].PostsPerSecond} posts/s");
    }
    Print(new { benchmark = "scale", runs = results });
});

var videoCommand = new Command("video", "One large video archived; the node's peak memory.") { sizeMb, timeout, setting };
videoCommand.SetAction(async (parse, ct) => Print(await VideoBenchmark.RunAsync(parse.GetValue(sizeMb) * 1048576L, TimeSpan.FromSeconds(parse.GetValue(timeout)), Settings(parse), ct)));

var ackCommand = new Command("ack", "Webhook acknowledgement latency at a fixed rate (open loop).") { rate, seconds, withMedia, imageKb, latency, timeout, setting };
ackCommand.SetAction(async (parse, ct) => Print(await AckLatencyBenchmark.RunAsync(parse.GetValue(rate), parse.GetValue(seconds), parse.GetValue(withMedia), parse.GetValue(imageKb) * 1024,
    parse.GetValue(latency), TimeSpan.FromSeconds(parse.GetValue(timeout)), Settings(parse), ct)));

var attachments = new Option<int>("--attachments") { Description = "Attachments over the page's posts (backfill).", DefaultValueFactory = _ => 5_600 };
var pagePosts = new Option<int>("--page-posts") { Description = "Posts on the simulated page (backfill).", DefaultValueFactory = _ => 3_111 };
var backfillCommand = new Command("backfill", "A page backfill (seed 002: 3,111 posts, 5,600 attachments): time to all archived, peak memory, Graph calls.")
    { pagePosts, attachments, imageKb, latency, timeout, setting };
backfillCommand.SetAction(async (parse, ct) => Print(await BackfillBenchmark.RunAsync(parse.GetValue(pagePosts), parse.GetValue(attachments),
    parse.GetValue(imageKb) * 1024, parse.GetValue(latency), TimeSpan.FromSeconds(parse.GetValue(timeout)), Settings(parse), ct)));

var campaignPosts = new Option<int>("--campaign-posts") { Description = "Posts in the simulated Patreon campaign (patreon).", DefaultValueFactory = _ => 1_000 };
var patreonPageSize = new Option<int>("--page-size") { Description = "Posts per list page, page[count] (patreon).", DefaultValueFactory = _ => 50 };
var tokenLimit = new Option<int>("--token-limit") { Description = "Requests the Patreon simulator allows per token and window before a 429 (0, default: none) (patreon).", DefaultValueFactory = _ => 0 };
var tokenWindow = new Option<int>("--token-window-s") { Description = "The window of --token-limit, seconds (patreon).", DefaultValueFactory = _ => 60 };
var patreonCommand = new Command("patreon", "A Patreon campaign crawl (issue 22): time to done and to all settled, peak memory, Patreon calls and 429s.")
    { campaignPosts, patreonPageSize, tokenLimit, tokenWindow, latency, timeout, setting };
patreonCommand.SetAction(async (parse, ct) => Print(await PatreonBenchmark.RunAsync(parse.GetValue(campaignPosts), parse.GetValue(patreonPageSize),
    parse.GetValue(latency), parse.GetValue(tokenLimit), parse.GetValue(tokenWindow), TimeSpan.FromSeconds(parse.GetValue(timeout)), Settings(parse), ct)));

var scrubCommand = new Command("scrub", "One integrity scrub of the backfill's data set (issue 21): MB/s and files/s re-read and hashed, the scrub node's peak memory.")
    { pagePosts, attachments, imageKb, latency, timeout, setting };
scrubCommand.SetAction(async (parse, ct) => Print(await ScrubBenchmark.RunAsync(parse.GetValue(pagePosts), parse.GetValue(attachments),
    parse.GetValue(imageKb) * 1024, parse.GetValue(latency), TimeSpan.FromSeconds(parse.GetValue(timeout)), Settings(parse), ct)));

var exportCommand = new Command("export", "The backfill's data set archived, then exported by a fresh node and downloaded: export throughput, peak memory (issue 21).")
    { pagePosts, attachments, imageKb, timeout, setting };
exportCommand.SetAction(async (parse, ct) => Print(await ExportBenchmark.RunAsync(parse.GetValue(pagePosts), parse.GetValue(attachments),
    parse.GetValue(imageKb) * 1024, TimeSpan.FromSeconds(parse.GetValue(timeout)), Settings(parse), ct)));

var root = new RootCommand("Silo media benchmarks (JSON on stdout).") { postsCommand, scaleCommand, videoCommand, ackCommand, backfillCommand, patreonCommand, scrubCommand, exportCommand };
return await root.Parse(args).InvokeAsync();
