using System.Text.Json.Serialization;

namespace Silo.Insights.Accounts;

/// <summary>
/// POST /meta/insights/accounts: connects an ad account. <c>token_ref</c> names the configuration key
/// holding its access token (default META_ACCESS_TOKEN); the token itself never passes through the API.
/// </summary>
public sealed record ConnectAccountRequest(
    [property: JsonPropertyName("account_id")] string? AccountId,
    [property: JsonPropertyName("tenant")] string? Tenant,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("token_ref")] string? TokenRef);
