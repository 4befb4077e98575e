using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Silo.Simulators.Smtp;

/// <summary>
/// The SMTP relay simulator's HTTP side, beside the receiver's: what it accepted at <c>GET {prefix}/_simulator/received</c>,
/// its faults at <c>GET/PUT {prefix}/_simulator/faults</c>. The mail itself arrives over SMTP (<see cref="SmtpRelayListener"/>).
/// </summary>
public static class SmtpSimulatorEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RouteGroupBuilder MapSmtpSimulator(this IEndpointRouteBuilder app, SmtpSimulator sim, string prefix = "/smtp")
    {
        var group = app.MapGroup(prefix).AllowAnonymous().ExcludeFromDescription();
        group.MapGet("/_simulator/faults", () => Results.Json(sim.Faults, Json));
        group.MapPut("/_simulator/faults", (SmtpFaults faults) =>
        {
            sim.Faults = faults;
            return Results.Json(sim.Faults, Json);
        });
        group.MapGet("/_simulator/received", () => Results.Json(sim.Received, Json));
        group.MapPost("/_simulator/reset", () =>
        {
            sim.Reset();
            return Results.NoContent();
        });
        return group;
    }
}
