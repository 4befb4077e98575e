using System.Text.Json;

namespace Silo.Insights.Meta;

/// <summary>A successful Graph API answer: its JSON body and the usage its headers reported.</summary>
public sealed record MetaResponse(JsonElement Body, MetaUsage Usage);
