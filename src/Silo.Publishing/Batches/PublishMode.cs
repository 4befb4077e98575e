namespace Silo.Publishing.Batches;

/// <summary>When a batch's clips go out: the seed's three modes, spelled as the API spells them.</summary>
public static class PublishMode
{
    public const string Now = "now";
    public const string Scheduled = "scheduled";
    public const string BestTime = "bestTime";

    public static readonly IReadOnlyList<string> All = [Now, Scheduled, BestTime];
}
