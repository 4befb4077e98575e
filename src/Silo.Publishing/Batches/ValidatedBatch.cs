using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Silo.Publishing.Batches;

/// <summary>A publish request that passed validation, with each clip's publication time decided where the mode fixes it.</summary>
[GenerateSerializer, Immutable, Alias("silo.publishing.ValidatedBatch")]
public sealed record ValidatedBatch(
    [property: Id(0)] string AccountId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string Mode,
    [property: Id(3)] DateTimeOffset? ScheduledFor,
    [property: Id(4)] bool StopOnFailure,
    [property: Id(5)] IReadOnlyList<ValidatedClip> Clips)
{
    /// <summary>What was asked for, reduced to bytes: equal for a retry of the same request.</summary>
    public byte[] RequestHash()
    {
        var text = new StringBuilder()
            .AppendJoin('\n', AccountId, UserId, Mode, ScheduledFor?.ToString("O", CultureInfo.InvariantCulture) ?? "", StopOnFailure ? "stop" : "go");
        foreach (var clip in Clips) text.Append('\n').Append(clip.Url).Append('\t').Append(clip.Title);
        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
    }
}

/// <summary>One clip of a validated request, in story order.</summary>
[GenerateSerializer, Immutable, Alias("silo.publishing.ValidatedClip")]
public sealed record ValidatedClip([property: Id(0)] string Url, [property: Id(1)] string Title, [property: Id(2)] DateTimeOffset? ScheduledAt);
