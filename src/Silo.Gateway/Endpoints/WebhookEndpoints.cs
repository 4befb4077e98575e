using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Silo.Gateway.Limits;
using Silo.Media.Intake;
using Silo.Media.Meta;
using Silo.Hosting.Tenants;

namespace Silo.Gateway.Endpoints;

/// <summary>Meta's webhooks: the subscription handshake and signed Page feed deliveries. Public; the signature is the authentication.</summary>
public static partial class WebhookEndpoints
{
    public static RouteGroupBuilder MapWebhookApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/webhooks").WithTags("Webhooks").AllowAnonymous();
        // Public, so the document's generic 4xx do not apply: these are the answers the handlers give.
        group.MapGet("/meta", Verify).WithName("VerifyMetaWebhook").WithSummary("Meta's subscription handshake: echoes hub.challenge")
            .Produces<string>(StatusCodes.Status200OK, "text/plain").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/meta", Receive).WithName("ReceiveMetaWebhook").WithSummary("A signed Page feed delivery; answered once its changes are committed to the intake")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    /// <summary>
    /// What a delivery left in the intake: <paramref name="Received"/> changes committed (whether each is new to its post
    /// is known only when its grain picks it up), <paramref name="Ignored"/> changes of fields, items or verbs Silo does not keep.
    /// </summary>
    public sealed record WebhookReceived(int Received, int Ignored);

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

    private static async Task<Results<Ok<WebhookReceived>, ProblemHttpResult>> Receive(HttpRequest request, IOptionsMonitor<MetaOptions> options,
        TenantOwnership ownership, IOptions<RequestLimitsOptions> limits, IntakeWriter intake, ILoggerFactory loggers, CancellationToken cancellationToken)
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

        // 200 once the delivery's changes are committed to the intake (one insert, shared with the deliveries waiting
        // beside it), wherever their grains live; the shards hand them on after. Otherwise 5xx and nothing of the
        // delivery is stored, so Meta's redelivery is the only copy; a redelivery of a stored one is a duplicate to its grain.
        try
        {
            await intake.AppendAsync([.. accepted.Select(c => c.Post)], cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogNotStored(loggers.CreateLogger(typeof(WebhookEndpoints)), e, accepted.Count);
            return TypedResults.Problem("The delivery could not be stored; Meta will redeliver it.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not stored");
        }
        return TypedResults.Ok(new WebhookReceived(accepted.Count, ignored));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Meta webhook delivery of {Changes} change(s) was answered 503: it was not stored")]
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
