using Microsoft.AspNetCore.Mvc;
using Silo.Publishing.Batches;

namespace Silo.Gateway.Endpoints;

/// <summary>The filters of <c>GET /api/metricool/batches</c>, read from the query string, and the one place they are checked.</summary>
public sealed class BatchListQuery
{
    [FromQuery(Name = "status")] public string? Status { get; init; }
    [FromQuery(Name = "userId")] public string? UserId { get; init; }
    [FromQuery(Name = "accountId")] public string? AccountId { get; init; }
    [FromQuery(Name = "mode")] public string? Mode { get; init; }
    [FromQuery(Name = "page")] public int? Page { get; init; }
    [FromQuery(Name = "pageSize")] public int? PageSize { get; init; }

    /// <summary>What is wrong with the filters, by query parameter; empty when nothing is.</summary>
    public Dictionary<string, string[]> Errors()
    {
        var errors = new Dictionary<string, string[]>();
        if (Status is not null && !BatchStatus.All.Contains(Status)) errors["status"] = [$"status must be one of: {string.Join(", ", BatchStatus.All)}."];
        if (Mode is not null && !PublishMode.All.Contains(Mode)) errors["mode"] = [$"mode must be one of: {string.Join(", ", PublishMode.All)}."];
        if (Page is < 1) errors["page"] = ["page starts at 1."];
        if (PageSize is < 1 or > 200) errors["pageSize"] = ["pageSize must be between 1 and 200."];
        return errors;
    }
}
