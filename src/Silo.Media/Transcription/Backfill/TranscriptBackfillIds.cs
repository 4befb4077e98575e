namespace Silo.Media.Transcription.Backfill;

/// <summary>Transcript backfill grain keys: <c>{source}:{tenant}</c>, or <c>all:{tenant}</c> for every source of the tenant.</summary>
public static class TranscriptBackfillIds
{
    public const string GrainType = "transcript-backfill";

    private const string AllSources = "all";

    /// <summary>The key of <paramref name="tenant"/>'s backfill of <paramref name="source"/> (null: every source).</summary>
    public static string Key(string tenant, string? source) => $"{source ?? AllSources}:{tenant}";

    /// <summary>The tenant and source (null: every source) a key names; sources hold no colon, tenants may.</summary>
    public static (string Tenant, string? Source) Parse(string key)
    {
        var colon = key.IndexOf(':');
        var source = key[..colon];
        return (key[(colon + 1)..], source == AllSources ? null : source);
    }
}
