namespace Silo.Media.Backfill;

/// <summary>History walk grain keys: <c>facebook:{pageId}</c> (a page backfill), <c>instagram:{igUserId}</c> (an account's history).</summary>
public static class BackfillIds
{
    public const string GrainType = "backfill";

    public static readonly IReadOnlyList<string> Sources = ["facebook", "instagram"];

    public static string Key(string source, string accountId) => $"{source}:{accountId}";
}
