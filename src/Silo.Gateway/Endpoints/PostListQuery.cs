using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Silo.Gateway.Auth;
using Silo.Media.Posts;

namespace Silo.Gateway.Endpoints;

/// <summary>The filters of <c>GET /api/posts</c>, read from the query string, and the one place they are checked.</summary>
public sealed class PostListQuery
{
    [FromQuery(Name = "tenant")] public string? Tenant { get; init; }
    [FromQuery(Name = "status")] public string? Status { get; init; }
    [FromQuery(Name = "source")] public string? Source { get; init; }
    [FromQuery(Name = "from")] public DateTimeOffset? From { get; init; }
    [FromQuery(Name = "to")] public DateTimeOffset? To { get; init; }
    [FromQuery(Name = "kind")] public string? Kind { get; init; }
    /// <summary>Text in the message or a transcript.</summary>
    [FromQuery(Name = "q")] public string? Q { get; init; }
    /// <summary>Posts holding a file the latest integrity scrub could not repair (true), or none (false).</summary>
    [FromQuery(Name = "damaged")] public bool? Damaged { get; init; }
    [FromQuery(Name = "page")] public int? Page { get; init; }
    [FromQuery(Name = "pageSize")] public int? PageSize { get; init; }

    /// <summary>What is wrong with the filters for <paramref name="user"/>'s key, by query parameter; empty when nothing is.</summary>
    public Dictionary<string, string[]> Errors(ClaimsPrincipal user)
    {
        var errors = new Dictionary<string, string[]>();
        if (Status is not null && !PostStatus.All.Contains(Status)) errors["status"] = [$"must be one of {string.Join(", ", PostStatus.All)}."];
        if (Source is not null && !PostIds.Sources.Contains(Source)) errors["source"] = [$"must be one of {string.Join(", ", PostIds.Sources)}."];
        if (Kind is not null and not ("image" or "video" or "audio")) errors["kind"] = ["must be image, video or audio."];
        if (From is not null && To is not null && To <= From) errors["to"] = ["must be after from."];
        if (Q is { Length: > 200 }) errors["q"] = ["must be at most 200 characters."];
        if (Page is < 1) errors["page"] = ["must be 1 or more."];
        if (PageSize is < 1 or > 500) errors["pageSize"] = ["must be between 1 and 500."];
        if (Tenant is not null && !user.SeesTenant(Tenant)) errors["tenant"] = ["is not a tenant this key can read."];
        return errors;
    }

    /// <summary>The filter for the query, within <paramref name="tenants"/> (the key's scope).</summary>
    public PostFilter Filter(string? tenants) =>
        new(tenants, Status, Source, From, To, Kind, string.IsNullOrWhiteSpace(Q) ? null : Q.Trim(), Damaged);
}
