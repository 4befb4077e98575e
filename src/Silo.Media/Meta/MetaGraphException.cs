namespace Silo.Media.Meta;

/// <summary>The Graph API answered with an error (Meta's <c>{"error":{…}}</c> body, trimmed).</summary>
public sealed class MetaGraphException(int status, string body) : Exception($"Graph API answered {status}: {body}")
{
    public int Status { get; } = status;
}
