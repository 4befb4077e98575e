using System.ComponentModel.DataAnnotations;

namespace Silo.Hosting.Cluster;

/// <summary>
/// How this node joins the Orleans cluster. Section <c>Silo:Cluster</c>; every value has a working
/// default for one node on this machine. Several nodes on one machine need their own ports.
/// </summary>
public sealed class ClusterSettings : IValidatableObject
{
    public const string Section = "Silo:Cluster";

    /// <summary>Orleans' cluster id: nodes with the same id and database form one cluster. Default <c>silo</c>.</summary>
    [Required, RegularExpression("^[a-zA-Z0-9._-]{1,100}$")] public string ClusterId { get; set; } = "silo";

    /// <summary>Orleans' service id: keys grain state and reminders, so it must never change in a deployment. Default <c>silo</c>.</summary>
    [Required, RegularExpression("^[a-zA-Z0-9._-]{1,100}$")] public string ServiceId { get; set; } = "silo";

    /// <summary>The address other nodes reach this one at. Default 127.0.0.1 (one machine).</summary>
    [Required] public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Silo-to-silo port. Default 11111.</summary>
    [Range(1, 65535)] public int SiloPort { get; set; } = 11111;

    /// <summary>Port gateways (Orleans clients) connect to. Default 30000.</summary>
    [Range(1, 65535)] public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// How long a probe of another silo may go unanswered. With <see cref="MissedProbesLimit"/> it
    /// decides how soon a hung silo (SIGSTOP: sockets open, nothing answers) is declared dead:
    /// about limit × timeout plus a vote. Default 2 s (Orleans: 5 s).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:01:00")] public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Longest a probe may wait once Orleans has stretched the timeout, as it does from observed
    /// response times and while the probing silo itself is degraded (a loaded CPU). Orleans' own cap
    /// is 4 × <see cref="ProbeTimeout"/>, which made a hung silo take ~26 s to be declared dead in the
    /// fault suite on a busy 2-core machine. Default 4 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:02:00")] public TimeSpan MaxProbeTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Missed probes before a silo votes another dead. Default 3.</summary>
    [Range(1, 10)] public int MissedProbesLimit { get; set; } = 3;

    /// <summary>
    /// How often each silo re-reads the membership table, the backstop when gossip is lost. Default 10 s (Orleans: 60 s).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")] public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many grain locations each silo caches (Orleans' directory cache). Default 100,000: far more than
    /// the grains a node keeps active, a tenth of Orleans' own default, whose table is allocated whole at start.
    /// </summary>
    [Range(0, 10_000_000)] public int DirectoryCacheSize { get; set; } = 100_000;

    /// <summary>
    /// How often a gateway node re-reads the live silos from the membership table. Default 5 s (Orleans: 1 min):
    /// a silo declared dead while its sockets stay open (a hung process) was otherwise still sent about half of
    /// the gateway's new calls for up to a minute. One small query per gateway node each time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")] public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Shortest period a reminder may have. Work in flight (a retry, a confirmation poll) uses short
    /// reminders so a failed-over grain resumes within seconds; never zero, because a period-0 row
    /// breaks every read of its silo's reminder range. Default 5 s (Orleans: 1 min).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a dead silo's row stays in the membership table (history for <c>/api/cluster/nodes?include=dead</c> and the
    /// Orleans Dashboard) before Orleans' defunct-silo cleanup deletes it. Default 1 day.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")] public TimeSpan DefunctSiloExpiration { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often each silo runs Orleans' defunct-silo cleanup. Default 10 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")] public TimeSpan DefunctSiloCleanupPeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>TLS on the silo and gateway ports, with the cluster's certificate (<c>Silo:Cluster:Tls</c>). Default off.</summary>
    public ClusterTlsSettings Tls { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Data annotations do not reach into nested settings; the certificate itself is checked where it is read.
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(Tls, new ValidationContext(Tls), results, validateAllProperties: true);
        if (!Tls.Enabled && (!string.IsNullOrEmpty(Tls.KeyPath) || !string.IsNullOrEmpty(Tls.CertificatePassword)))
            results.Add(new ValidationResult("is not set, but KeyPath or CertificatePassword is: set the certificate too, or neither.", [nameof(Tls.CertificatePath)]));
        return results.Select(r => new ValidationResult(r.ErrorMessage, r.MemberNames.Select(m => $"{nameof(Tls)}:{m}")));
    }
}
