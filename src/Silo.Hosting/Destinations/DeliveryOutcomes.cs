namespace Silo.Hosting.Destinations;

/// <summary>How an attempt in the delivery log ended.</summary>
public static class DeliveryOutcomes
{
    public const string Delivered = "delivered";

    /// <summary>Not accepted this time (down, busy, no answer): tried again after the backoff.</summary>
    public const string Failed = "failed";

    /// <summary>Refused for good by the far end (an SMTP 5xx such as an unknown mailbox): a person must fix the cause.</summary>
    public const string Refused = "refused";
}
