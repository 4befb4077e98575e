using System.Net.Http.Json;
using System.Text.Json;
using Silo.Testing;

namespace Silo.Cluster.Tests.Support;

/// <summary>Publish batches of Story clips through the gateway's seed 001 route, each clip a distinct media URL.</summary>
public sealed class PublishLoad(HttpClient admin)
{
    public const string AccountId = "4242";
    private readonly List<string> _batches = [];

    public IReadOnlyList<string> Batches => _batches;

    public static string ClipUrl(string batch, int index) => $"https://cdn.test/fault-suite/{batch}/clip-{index}.mp4";

    /// <summary>
    /// Creates a batch, delivering the request again (same Idempotency-Key, so stored once) while
    /// the gateway cannot answer.
    /// </summary>
    public async Task<string> PublishAsync(string name, int clips, CancellationToken cancellationToken)
    {
        var body = new
        {
            accountId = AccountId, userId = "fault-suite", mode = "now",
            clips = Enumerable.Range(0, clips).Select(i => new { url = ClipUrl(name, i), title = $"{name} part {i + 1}" }),
        };
        string? batchId = null;
        await Eventually.UntilAsync(async () => (batchId = await TryPublishAsync(name, body, cancellationToken)) is not null,
            $"batch {name} is created (the gateway answers again)", TimeSpan.FromSeconds(60));
        _batches.Add(batchId!);
        return batchId!;
    }

    /// <summary>The batch's id, or null when the gateway could not answer (database restarting): the same key makes a repeat safe.</summary>
    private async Task<string?> TryPublishAsync(string name, object body, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/metricool/publish/stories") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", $"fault-suite-{name}");
            using var response = await admin.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode) return null;
            var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return json.GetProperty("batchId").GetString()!;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
