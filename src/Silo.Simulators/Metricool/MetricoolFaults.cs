namespace Silo.Simulators.Metricool;

/// <summary>
/// Faults the Metricool simulator injects, switchable in-process (set the properties) or over HTTP
/// (<c>PUT {prefix}/_simulator/faults</c> with this shape as JSON). Counters count down as they fire.
/// </summary>
public sealed class MetricoolFaults
{
    /// <summary>Added before every API answer.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>The next N read calls (GET) answer 503.</summary>
    public int ReadServerErrors { get; set; }

    /// <summary>The next N create calls answer 500 without storing the post.</summary>
    public int CreateServerErrors { get; set; }

    /// <summary>The next N calls of any kind answer 429 with <c>Retry-After: 1</c>.</summary>
    public int TooManyRequests { get; set; }

    /// <summary>The next N create calls store the post, then hold the answer until the caller gives up.</summary>
    public int TimeoutsAfterCreate { get; set; }

    /// <summary>The next N create calls answer 500 after storing the post (the outcome looks failed but is not).</summary>
    public int ServerErrorsAfterCreate { get; set; }

    /// <summary>How long after creation a post due now shows as PUBLISHED on every network.</summary>
    public TimeSpan ConfirmationDelay { get; set; }

    /// <summary>Posts created from now on end in ERROR instead of PUBLISHED.</summary>
    public bool PublicationFails { get; set; }

    public MetricoolFaults Clone() => (MetricoolFaults)MemberwiseClone();
}
