namespace Silo.Simulators.MetaAds;

/// <summary>Meta's error body: <c>{"error": {"message", "type", "code", "error_subcode", "is_transient", "fbtrace_id"}}</c>.</summary>
internal static class MetaAdsErrors
{
    public static object Body(int code, string message, int? subcode = null, bool transient = false, string type = "OAuthException") => new
    {
        error = new Dictionary<string, object?>
        {
            ["message"] = message,
            ["type"] = type,
            ["code"] = code,
            ["error_subcode"] = subcode,
            ["is_transient"] = transient,
            ["fbtrace_id"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray())[..11],
        },
    };

    /// <summary>The documented message for each throttling code.</summary>
    public static string RateLimitMessage(int code) => code switch
    {
        4 => "(#4) Application request limit reached",
        17 => "(#17) User request limit reached",
        32 => "(#32) Page request limit reached",
        613 => "(#613) Calls to this api have exceeded the rate limit.",
        _ => $"(#{code}) There have been too many calls from this ad-account. Wait a bit and try again.",
    };

    /// <summary>Subcodes Meta sends with throttling errors (2446079: ads API rate limit; 1504022: too many insights calls).</summary>
    public static int? RateLimitSubcode(int code) => code switch
    {
        17 or 80004 => 2446079,
        80000 => 1504022,
        _ => null,
    };
}
