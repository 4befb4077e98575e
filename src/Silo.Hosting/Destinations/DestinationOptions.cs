using System.ComponentModel.DataAnnotations;
using Silo.Hosting.Outbound;

namespace Silo.Hosting.Destinations;

/// <summary>Where notifications may go and how their deliveries are retried. Section <c>Silo:Notifications</c>; every value has a working default.</summary>
public sealed class DestinationOptions : IValidatableObject
{
    public const string Section = "Silo:Notifications";

    /// <summary>
    /// Hosts a destination's URL may name (entries as in the media allow-list: a domain and its subdomains, <c>host:port</c>, an
    /// IP literal). Empty (the default): any host whose addresses are public.
    /// </summary>
    public string[] AllowedHosts { get; set; } = [];

    /// <summary>
    /// Endpoints (<c>host:port</c>, named exactly) whose loopback or private-network addresses may be reached: an operator's
    /// own receiver inside the network. Empty (the default): a destination resolving to such an address is refused.
    /// </summary>
    public string[] PrivateHosts { get; set; } = [];

    /// <summary>Period of each destination's standing reminder: the backstop for a missed wake-up and for retries. Default 1 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Wait after a first failed attempt; doubled after each further failure, with jitter. Default 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")] public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait between attempts: a destination down for days is tried this often. Default 15 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")] public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long one attempt may take, connection included. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")] public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a destination may fail without a single delivery before it is paused, with an alert, until a manager resumes
    /// it (what waited is then delivered, in order). Default 3 days, as webhook providers disable an endpoint that keeps failing.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")] public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Attempts kept in each destination's delivery log. Default 50.</summary>
    [Range(1, 10_000)] public int LogSize { get; set; } = 50;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var entry in AllowedHosts.Where(e => !HostAllowList.IsValidEntry(e)))
            yield return new ValidationResult($"'{entry}' is not a domain, host:port or IP address.", [nameof(AllowedHosts)]);
        // Only an exact endpoint can be admitted to a private address (HostAllowList.NamesExactly): a bare name would never match.
        foreach (var entry in PrivateHosts.Where(e => !HostAllowList.IsValidEntry(e) || !e.TrimEnd().EndsWith(']') && !HasPort(e)))
            yield return new ValidationResult($"'{entry}' is not host:port.", [nameof(PrivateHosts)]);
    }

    private static bool HasPort(string entry) => entry.LastIndexOf(':') is var colon and > 0 && int.TryParse(entry[(colon + 1)..], out _);
}
