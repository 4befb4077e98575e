using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Silo.Simulators.Receiver;

/// <summary>
/// A notification receiver: <c>POST {prefix}/hooks/{name}</c> takes Silo's signed webhooks (reading <c>Silo-Event-Id</c>,
/// <c>Silo-Event-Type</c>, <c>Silo-Timestamp</c>, <c>Silo-Signature</c>), <c>POST {prefix}/slack/{name}</c> takes Slack's
/// incoming-webhook shape (<c>{"text": …}</c>, answered <c>ok</c> as Slack does); faults under <c>{prefix}/_simulator</c>.
/// </summary>
public static class ReceiverEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RouteGroupBuilder MapReceiverSimulator(this IEndpointRouteBuilder app, ReceiverSimulator sim, string prefix = "/receiver")
    {
        var group = app.MapGroup(prefix).AllowAnonymous().ExcludeFromDescription();
        group.MapPost("/hooks/{name}", async (HttpContext c) =>
        {
            var body = await ReadAsync(c.Request);
            var received = new ReceivedEvent(c.Request.Path, c.Request.Headers["Silo-Event-Id"], c.Request.Headers["Silo-Event-Type"],
                c.Request.Headers["Silo-Timestamp"], sim.SignatureMatches(body, c.Request.Headers["Silo-Signature"]), Encoding.UTF8.GetString(body), null);
            return Results.StatusCode(await sim.ReceiveAsync(received, c.RequestAborted));
        });
        group.MapPost("/slack/{name}", async (HttpContext c) =>
        {
            var body = await ReadAsync(c.Request);
            string? text;
            try { text = JsonDocument.Parse(body).RootElement.GetProperty("text").GetString(); }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                return Results.Text("invalid_payload", statusCode: 400);
            }
            if (sim.SlackErrorFault() is { } error) return Results.Text(error, statusCode: ReceiverSimulator.SlackStatus(error));
            var code = await sim.ReceiveAsync(new ReceivedEvent(c.Request.Path, null, null, null, false, Encoding.UTF8.GetString(body), text), c.RequestAborted);
            return code == 200 ? Results.Text("ok") : Results.StatusCode(code);
        });
        group.MapGet("/_simulator/faults", () => Results.Json(sim.Faults, Json));
        group.MapPut("/_simulator/faults", (ReceiverFaults faults) =>
        {
            sim.Faults = faults;
            return Results.Json(sim.Faults, Json);
        });
        group.MapGet("/_simulator/received", () => Results.Json(sim.Received, Json));
        group.MapPost("/_simulator/release", () =>
        {
            sim.ReleaseHeld();
            return Results.NoContent();
        });
        return group;
    }

    private static async Task<byte[]> ReadAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return buffer.ToArray();
    }
}
