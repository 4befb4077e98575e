namespace Silo.Hosting.Destinations;

/// <summary>How a destination is told: a signed JSON webhook, a Slack-compatible incoming webhook, or email through the operator's relay.</summary>
public static class DestinationKinds
{
    public const string Webhook = "webhook";
    public const string Slack = "slack";
    public const string Email = "email";

    public static readonly IReadOnlyList<string> All = [Webhook, Slack, Email];
}
