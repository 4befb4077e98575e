using System.Text.Json;

namespace Silo.Hosting.Meta;

/// <summary>A successful Graph API answer: its JSON body and the usage its headers reported.</summary>
public sealed record GraphResponse(JsonElement Body, GraphUsage Usage);
