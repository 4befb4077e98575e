namespace Silo.Insights.Entities;

/// <summary>The levels of Meta's ad hierarchy below the account, spelled as the Graph API's <c>level</c>.</summary>
public static class AdEntityType
{
    public const string Campaign = "campaign";
    public const string AdSet = "adset";
    public const string Ad = "ad";

    public static readonly IReadOnlyList<string> All = [Campaign, AdSet, Ad];

    public static bool IsValid(string? value) => value is Campaign or AdSet or Ad;
}
