using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Silo.Host.Demo;

/// <summary>
/// The demo's Story batches: 2 to 4 clips whose files are served by the demo's CDN simulator,
/// published now through the node's real <c>POST /api/metricool/publish/stories</c> route with the
/// demo admin key, exactly as a person's tool would call it. The publishing module then sends them
/// to the Metricool simulator one by one.
/// </summary>
internal static class DemoStories
{
    // Just enough of an MP4 header (an ftyp box) for anything that sniffs the file's type.
    private static readonly byte[] Clip = [0, 0, 0, 24, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m',
        0, 0, 2, 0, (byte)'i', (byte)'s', (byte)'o', (byte)'m', (byte)'m', (byte)'p', (byte)'4', (byte)'1'];

    /// <summary>Publishes batch <paramref name="n"/> of this run and returns its id.</summary>
    public static async Task<string> PublishAsync(HttpClient http, DemoEnvironment demo, long run, int n, CancellationToken cancellationToken)
    {
        var count = 2 + n % 3;
        var clips = Enumerable.Range(1, count).Select(i =>
        {
            var file = $"story-{run}-{n}-{i}.mp4";
            demo.Cdn.AddFile(file, Clip, "video/mp4");
            return new { url = demo.Cdn.SignedUrl(file, demo.Cdn.Time.GetUtcNow().AddDays(7)), title = $"Demo story {n}, part {i} of {count}" };
        }).ToList();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/metricool/publish/stories")
        {
            Content = JsonContent.Create(new { accountId = "1001", userId = "demo", mode = "now", clips }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DemoEnvironment.AdminKey);
        request.Headers.Add("Idempotency-Key", $"demo-stories-{run}-{n}");
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Accepted>(cancellationToken))!.BatchId;
    }

    private sealed record Accepted(string BatchId);
}
