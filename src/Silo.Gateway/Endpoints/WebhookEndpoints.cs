using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Silo.Gateway.Limits;
using Silo.Media.Meta;
using Silo.Media.Posts;
using Silo.Hosting.Tenants;

namespace Silo.Gateway.Endpoints;

/// <summary>Meta's webhooks: the subscription handshake and signed Page feed deliveries. Public; the signature is the authentication.</summary>
public static partial class WebhookEndpoints
{
    public static RouteGroupBuilder MapWebhookApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/webhooks").WithTags("Webhooks").AllowAnonymous();
        group.MapGet("/meta", Verify).WithName("VerifyMetaWebhook").WithSummary("Meta's subscription handshake: echoes hub.challenge");
        group.MapPost("/meta", Receive).WithName("ReceiveMetaWebhook").WithSummary("A signed Page feed delivery; each post archives in its grain");
        return group;
    }

    public sealed record WebhookAccepted(int Accepted, int Duplicates, int Ignored);

    private static Results<ContentHttpResult, ProblemHttpResult> Verify(HttpRequest request, IOptionsMonitor<MetaOptions> options)
    {
        var mode = request.Query["hub.mode"].ToString();
        var token = request.Query["hub.verify_token"].ToString();
        var challenge = request.Query["hub.challenge"].ToString();
        if (mode.Length == 0 || token.Length == 0 || challenge.Length == 0)
            return TypedResults.Problem("hub.mode, hub.verify_token and hub.challenge are required.", statusCode: StatusCodes.Status400BadRequest);
        var expected = options.CurrentValue.VerifyToken;
        if (mode != "subscribe" || string.IsNullOrEmpty(expected) ||
            !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(expected)))
            return TypedResults.Problem("The verify token does not match Silo:Meta:VerifyToken.", statusCode: StatusCodes.Status403Forbidden);
        return TypedResults.Text(challenge, "text/plain");
    }

    private static async Task<Results<Ok<WebhookAccepted>, ProblemHttpResult>> Receive(HttpRequest request, IOptionsMonitor<MetaOptions> options,
        TenantOwnership ownership, IOptions<RequestLimitsOptions> limits, IGrainFactory grains, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var maxBodyBytes = limits.Value.WebhookMaxBodyBytes;
        var secret = options.CurrentValue.AppSecret;
        if (string.IsNullOrEmpty(secret))
            return TypedResults.Problem("Webhooks are off until Silo:Meta:AppSecret (META_APP_SECRET) is set.", statusCode: StatusCodes.Status503ServiceUnavailable);
        var body = await ReadBodyAsync(request, maxBodyBytes, cancellationToken);
        if (body is null)
            return TypedResults.Problem($"The body is over {maxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);

        // The signature is checked over the exact bytes received, before anything is parsed.
        var signature = request.Headers["X-Hub-Signature-256"].ToString();
        if (signature.Length == 0)
            return TypedResults.Problem("X-Hub-Signature-256 is missing.", statusCode: StatusCodes.Status401Unauthorized);
        if (!WebhookSignature.IsValid(body, signature, secret))
            return TypedResults.Problem("X-Hub-Signature-256 does not match the body.", statusCode: StatusCodes.Status403Forbidden);

        List<FeedChange> accepted;
        int ignored;
        try { (accepted, ignored) = MetaWebhookParser.Parse(body, pageId => PageOwner.Of(ownership, options.CurrentValue, pageId)); }
        catch (FormatException e) { return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Unreadable webhook"); }

        // 200 only once every post of the delivery is persisted by its grain; otherwise 5xx, and Meta
        // redelivers the whole delivery, whose posts already stored are recognised by their grains.
        // Posts run in parallel; the changes of one post keep their order (an add, then its edit).
        ReceiveOutcome[] outcomes;
        try
        {
            outcomes = [.. (await Task.WhenAll(accepted.GroupBy(c => PostIds.Key(c.Post.Source, c.Post.SourcePostId))
                .Select(post => ReceiveInOrderAsync(grains.GetGrain<IPostGrain>(post.Key), post))))
                .SelectMany(o => o)];
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogNotStored(loggers.CreateLogger(typeof(WebhookEndpoints)), e, accepted.Count);
            return TypedResults.Problem("The delivery's posts could not all be stored; Meta will redeliver it.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not stored");
        }
        var duplicates = outcomes.Count(o => o == ReceiveOutcome.Duplicate);
        return TypedResults.Ok(new WebhookAccepted(accepted.Count - duplicates, duplicates, ignored));
    }

    private static async Task<List<ReceiveOutcome>> ReceiveInOrderAsync(IPostGrain grain, IEnumerable<FeedChange> changes)
    {
        var outcomes = new List<ReceiveOutcome>();
        foreach (var change in changes) outcomes.Add(await grain.Receive(change.Post));
        return outcomes;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Meta webhook delivery of {Changes} change(s) was answered 503: not every post was stored")]
    private static partial void LogNotStored(ILogger logger, Exception exception, int changes);

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int maxBodyBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBodyBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
