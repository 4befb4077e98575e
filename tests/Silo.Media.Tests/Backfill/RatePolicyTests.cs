using Silo.Hosting.Meta;
using Silo.Media.Backfill;

namespace Silo.Media.Tests.Backfill;

/// <summary>How usage headers and refusals pace a walk (defaults: slow above 60 %, stop at 90 %, 5 s, 5 min cool-down, 1 h cap).</summary>
public sealed class RatePolicyTests
{
    private static readonly BackfillOptions Defaults = new();

    [Theory]
    [InlineData(0, 0)]
    [InlineData(59, 0)]
    [InlineData(60, 5_000)]
    [InlineData(75, 12_500)]
    [InlineData(89, 19_500)]
    [InlineData(90, 300_000)]
    public void PauseAfter_Usage_PauseGrowsThenStops(int percent, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), RatePolicy.PauseAfter(new GraphUsage(percent, null), Defaults));

    [Fact]
    public void PauseAfter_StopWithMetasEstimateLonger_RestsTheEstimate() =>
        Assert.Equal(TimeSpan.FromMinutes(12), RatePolicy.PauseAfter(new GraphUsage(95, TimeSpan.FromMinutes(12)), Defaults));

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(4, 40)]
    [InlineData(5, 60)]
    [InlineData(30, 60)]
    public void RestAfterRefusal_InRow_DoublesUpToTheCap(int inRow, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), RatePolicy.RestAfterRefusal(null, inRow, Defaults));

    [Theory]
    [InlineData("""{"error":{"message":"(#32) Page request limit reached","type":"OAuthException","code":32}}""", 403, true, false, false)]
    [InlineData("""{"error":{"message":"(#613) Calls exceeded","code":613}}""", 403, true, false, false)]
    [InlineData("""{"error":{"message":"Session has expired","code":190,"error_subcode":463}}""", 400, false, true, false)]
    [InlineData("""{"error":{"message":"An unexpected error","code":2}}""", 500, false, false, true)]
    [InlineData("""{"error":{"message":"Unsupported get request","code":100,"error_subcode":33}}""", 400, false, false, false)]
    public void Classify_GraphErrors_RateLimitTokenOrTransient(string body, int status, bool rateLimit, bool token, bool transient)
    {
        var e = GraphError(status, body);

        Assert.Equal((rateLimit, token, transient), (RatePolicy.IsRateLimit(e), RatePolicy.IsTokenRefused(e), RatePolicy.IsTransient(e)));
    }

    /// <summary>The exception the Graph client makes of such an answer.</summary>
    private static GraphApiException GraphError(int status, string body)
    {
        using var document = System.Text.Json.JsonDocument.Parse(body);
        var error = document.RootElement.GetProperty("error");
        int? Number(string name) => error.TryGetProperty(name, out var v) ? v.GetInt32() : null;
        return new GraphApiException(status, Number("code"), Number("error_subcode"), error.GetProperty("message").GetString()!);
    }
}
