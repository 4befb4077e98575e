using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Npgsql;
using Silo.Media.Meta;
using Silo.Media.Posts;
using Silo.Hosting.Inbox;

namespace Silo.Gateway.Endpoints;

/// <summary>Meta's webhooks: the subscription handshake and signed Page feed deliveries. Public; the signature is the authentication.</summary>
public static class WebhookEndpoints
{
    private const int MaxBodyBytes = 1024 * 1024;

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
        NpgsqlDataSource database, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var secret = options.CurrentValue.AppSecret;
        if (string.IsNullOrEmpty(secret))
            return TypedResults.Problem("Webhooks are off until Silo:Meta:AppSecret (META_APP_SECRET) is set.", statusCode: StatusCodes.Status503ServiceUnavailable);
        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
            return TypedResults.Problem($"The body is over {MaxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);

        // The signature is checked over the exact bytes received, before anything is parsed.
        var signature = request.Headers["X-Hub-Signature-256"].ToString();
        if (signature.Length == 0)
            return TypedResults.Problem("X-Hub-Signature-256 is missing.", statusCode: StatusCodes.Status401Unauthorized);
        if (!WebhookSignature.IsValid(body, signature, secret))
            return TypedResults.Problem("X-Hub-Signature-256 does not match the body.", statusCode: StatusCodes.Status403Forbidden);

        List<FeedChange> accepted;
        int ignored;
        try { (accepted, ignored) = MetaWebhookParser.Parse(body, options.CurrentValue.TenantOf); }
        catch (FormatException e) { return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Unreadable webhook"); }

        // Every change of the delivery is stored in one transaction: all or nothing. A redelivery
        // carries the same change bytes, hence the same message ids, and is stored once.
        var duplicates = 0;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var change in accepted)
            if (!await cluster.SendAsync(connection, transaction, PostIds.For(change.Post.Source, change.Post.SourcePostId), change.Post,
                    change.DeliveryId, cancellationToken))
                duplicates++;
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new WebhookAccepted(accepted.Count - duplicates, duplicates, ignored));
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
