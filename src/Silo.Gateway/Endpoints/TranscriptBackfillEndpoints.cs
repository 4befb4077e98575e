using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Silo.Gateway.Auth;
using Silo.Media.Posts;
using Silo.Media.Transcription;
using Silo.Media.Transcription.Backfill;

namespace Silo.Gateway.Endpoints;

/// <summary>
/// Transcript backfills (<c>/api/media/transcripts/backfill?tenant=&amp;source=</c>): transcribe a tenant's files archived
/// before transcription was on, of every source or one; read its progress; cancel it. The tenant is the key's own (a key of
/// tenant <c>*</c> names one); another tenant's backfill answers 404, as if it did not exist.
/// </summary>
public static class TranscriptBackfillEndpoints
{
    public static RouteGroupBuilder MapTranscriptBackfillApi(this IEndpointRouteBuilder app)
    {
        var backfill = app.MapGroup("/api/media/transcripts/backfill").WithTags("Media");
        var backfillRead = backfill.Needing(Permissions.AnalyticsRead);
        var backfillManage = backfill.Needing(Permissions.Manager);
        backfillManage.MapPost("/", Start).WithName("StartTranscriptBackfill")
            .WithSummary("Transcribe the tenant's archived video and audio files that have no transcript (of one source, or all)");
        backfillRead.MapGet("/", Get).WithName("GetTranscriptBackfill")
            .WithSummary("A transcript backfill's progress: files found, handed on, done, failed, skipped, in progress");
        backfillManage.MapPost("/cancel", Cancel).WithName("CancelTranscriptBackfill")
            .WithSummary("Stop handing files on (those already handed on are still transcribed)");
        return backfill;
    }

    private static async Task<Results<Accepted<TranscriptBackfillView>, ValidationProblem, ProblemHttpResult>> Start(string? tenant, string? source,
        ClaimsPrincipal user, IGrainFactory grains, TranscriptBackfillQueries queries, IOptions<TranscriptionOptions> transcription,
        CancellationToken cancellationToken)
    {
        var scope = Scope(user, tenant, source);
        if (scope.Errors is { } errors) return errors;
        if (scope.Hidden) return NotFound(tenant!);
        if (!transcription.Value.Enabled) return Off();
        var outcome = await grains.GetGrain<ITranscriptBackfillGrain>(TranscriptBackfillIds.Key(scope.Tenant!, source)).Start(user.Tenant());
        return outcome switch
        {
            TranscriptBackfillStartOutcome.Started => TypedResults.Accepted(Location(scope.Tenant!, source),
                await queries.GetAsync(scope.Tenant!, source, cancellationToken)),
            TranscriptBackfillStartOutcome.AlreadyRunning => TypedResults.Problem(
                $"A transcript backfill of {Describe(scope.Tenant!, source)} is running: cancel it first, or follow it at {Location(scope.Tenant!, source)}.",
                statusCode: StatusCodes.Status409Conflict, title: "Conflict"),
            TranscriptBackfillStartOutcome.TranscriptionOff => Off(),
            _ => NotFound(scope.Tenant!),
        };
    }

    private static async Task<Results<Ok<TranscriptBackfillView>, ValidationProblem, ProblemHttpResult>> Get(string? tenant, string? source,
        ClaimsPrincipal user, TranscriptBackfillQueries queries, CancellationToken cancellationToken)
    {
        var scope = Scope(user, tenant, source);
        if (scope.Errors is { } errors) return errors;
        if (scope.Hidden) return NotFound(tenant!);
        return await queries.GetAsync(scope.Tenant!, source, cancellationToken) is { } view
            ? TypedResults.Ok(view)
            : TypedResults.Problem($"No transcript backfill of {Describe(scope.Tenant!, source)} has run.", statusCode: StatusCodes.Status404NotFound,
                title: "Not found");
    }

    private static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> Cancel(string? tenant, string? source, ClaimsPrincipal user,
        IGrainFactory grains)
    {
        var scope = Scope(user, tenant, source);
        if (scope.Errors is { } errors) return errors;
        if (scope.Hidden) return NotFound(tenant!);
        return await grains.GetGrain<ITranscriptBackfillGrain>(TranscriptBackfillIds.Key(scope.Tenant!, source)).Cancel(user.Tenant())
            ? TypedResults.Accepted((string?)null)
            : TypedResults.Problem($"No transcript backfill of {Describe(scope.Tenant!, source)} is running.", statusCode: StatusCodes.Status409Conflict,
                title: "Conflict");
    }

    private sealed record BackfillScope(string? Tenant, bool Hidden, ValidationProblem? Errors);

    /// <summary>The tenant asked for (the key's own by default) and the source; a tenant the key does not act for is hidden.</summary>
    private static BackfillScope Scope(ClaimsPrincipal user, string? tenant, string? source)
    {
        var errors = new Dictionary<string, string[]>();
        if (source is not null && !PostIds.Sources.Contains(source)) errors["source"] = [$"must be one of {string.Join(", ", PostIds.Sources)}, or left out for every source."];
        var scoped = tenant ?? (user.Tenant() is "*" ? null : user.Tenant());
        if (string.IsNullOrWhiteSpace(scoped)) errors["tenant"] = ["is required for a key of every tenant (*): name the tenant whose files to transcribe."];
        if (errors.Count > 0) return new BackfillScope(null, false, TypedResults.ValidationProblem(errors));
        return new BackfillScope(scoped, !user.SeesTenant(scoped!), null);
    }

    private static string Location(string tenant, string? source) =>
        $"/api/media/transcripts/backfill?tenant={Uri.EscapeDataString(tenant)}{(source is null ? "" : $"&source={source}")}";

    private static string Describe(string tenant, string? source) => source is null ? $"tenant {tenant}" : $"tenant {tenant}'s {source} posts";

    private static ProblemHttpResult Off() => TypedResults.Problem(
        "Transcription is off: set Silo:Transcription:Enabled (and the API's settings) on the nodes before transcribing earlier files.",
        statusCode: StatusCodes.Status409Conflict, title: "Transcription is off");

    private static ProblemHttpResult NotFound(string tenant) =>
        TypedResults.Problem($"No transcript backfill of tenant {tenant} for this key.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
