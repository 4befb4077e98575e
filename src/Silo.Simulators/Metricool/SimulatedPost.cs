using System.Text.Json.Nodes;

namespace Silo.Simulators.Metricool;

/// <summary>A post the simulator stored: the request as sent, plus what Metricool adds (id, uuid, dates).</summary>
public sealed record SimulatedPost(
    long Id,
    string Uuid,
    string BlogId,
    string UserId,
    DateTimeOffset PublicationDate,
    DateTimeOffset CreatedAt,
    string Text,
    IReadOnlyList<string> Media,
    IReadOnlyList<string> Networks,
    string? InstagramType,
    string? FacebookType,
    bool FailsPublication,
    JsonObject Request);
