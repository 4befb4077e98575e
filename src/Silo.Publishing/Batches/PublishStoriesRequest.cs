using System.Text.Json;

namespace Silo.Publishing.Batches;

/// <summary>
/// Body of <c>POST /api/metricool/publish/stories</c> (seed 001). <c>accountId</c> is the Metricool
/// blogId and <c>userId</c> the Metricool user; both may arrive as JSON strings or numbers.
/// </summary>
public sealed record PublishStoriesRequest(
    JsonElement? AccountId,
    JsonElement? UserId,
    string? Mode,
    string? ScheduledFor,
    List<ClipRequest?>? Clips,
    bool? StopOnFailure);

/// <summary>One clip of a publish request, in story order.</summary>
public sealed record ClipRequest(string? Url, string? Title);
