namespace Silo.Hosting.Destinations;

/// <summary>How a destination is told: a signed JSON webhook, or a Slack-compatible incoming webhook.</summary>
public static class DestinationKinds
{
    public const string Webhook = "webhook";
    public const string Slack = "slack";

    public static readonly IReadOnlyList<string> All = [Webhook, Slack];
}
