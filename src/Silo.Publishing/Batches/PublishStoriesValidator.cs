using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Hosting.Hosting;

namespace Silo.Publishing.Batches;

/// <summary>Checks a publish request and names every wrong field, as a 400 ProblemDetails will.</summary>
public sealed partial class PublishStoriesValidator(IOptions<PublishingOptions> options, [FromKeyedServices(SiloClock.Key)] TimeProvider time)
{
    private const int MaxTitleLength = 500;
    private const int MaxUrlLength = 2048;
    private readonly PublishingOptions _options = options.Value;

    /// <summary>Returns the batch to store, or the errors by field (camelCase paths such as <c>clips[2].url</c>).</summary>
    public (ValidatedBatch? Batch, Dictionary<string, string[]> Errors) Validate(PublishStoriesRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["body"] = ["A JSON body is required."];
            return (null, errors);
        }
        var accountId = Identifier(request.AccountId);
        if (accountId is null || !Digits().IsMatch(accountId))
            errors["accountId"] = ["accountId (the Metricool blogId) is required and must be a number."];
        var userId = Identifier(request.UserId);
        if (string.IsNullOrWhiteSpace(userId) || userId.Length > 200)
            errors["userId"] = ["userId (the Metricool user id) is required (at most 200 characters)."];
        if (request.Mode is null || !PublishMode.All.Contains(request.Mode))
            errors["mode"] = [$"mode must be one of: {string.Join(", ", PublishMode.All)}."];

        DateTimeOffset? scheduledFor = null;
        if (request.Mode == PublishMode.Scheduled)
        {
            if (string.IsNullOrWhiteSpace(request.ScheduledFor))
                errors["scheduledFor"] = ["scheduledFor is required when mode is scheduled."];
            else if (!IsoWithOffset().IsMatch(request.ScheduledFor) ||
                     !DateTimeOffset.TryParse(request.ScheduledFor, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
                errors["scheduledFor"] = ["scheduledFor must be an ISO 8601 date-time with an offset, e.g. 2026-03-01T18:30:00+01:00."];
            else if (at <= time.GetUtcNow())
                errors["scheduledFor"] = ["scheduledFor must be in the future."];
            else
                scheduledFor = at.ToUniversalTime();
        }
        else if (request.ScheduledFor is not null)
        {
            errors["scheduledFor"] = ["scheduledFor is only allowed when mode is scheduled."];
        }

        var clips = new List<ValidatedClip>();
        if (request.Clips is null || request.Clips.Count == 0)
            errors["clips"] = ["At least one clip is required."];
        else if (request.Clips.Count > _options.MaxClipsPerBatch)
            errors["clips"] = [$"At most {_options.MaxClipsPerBatch} clips per batch."];
        else
        {
            for (var i = 0; i < request.Clips.Count; i++)
            {
                var clip = request.Clips[i];
                if (clip?.Url is null || clip.Url.Length > MaxUrlLength || !Uri.TryCreate(clip.Url, UriKind.Absolute, out var uri) ||
                    uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
                    errors[$"clips[{i}].url"] = ["Each clip needs a well-formed http(s) URL."];
                if (clip?.Title is { Length: > MaxTitleLength })
                    errors[$"clips[{i}].title"] = [$"A title has at most {MaxTitleLength} characters."];
                clips.Add(new ValidatedClip(clip?.Url ?? "", clip?.Title ?? "", scheduledFor + _options.ScheduledClipSpacing * i));
            }
        }
        if (errors.Count > 0) return (null, errors);
        return (new ValidatedBatch(accountId!, userId!, request.Mode!, scheduledFor, request.StopOnFailure ?? false, clips), errors);
    }

    private static string? Identifier(JsonElement? value) => value?.ValueKind switch
    {
        JsonValueKind.String => value.Value.GetString()?.Trim(),
        JsonValueKind.Number => value.Value.GetRawText(),
        _ => null,
    };

    [GeneratedRegex(@"^\d{1,20}$")]
    private static partial Regex Digits();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex IsoWithOffset();
}
