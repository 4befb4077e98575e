using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Silo.Simulators.MetaCdn;

/// <summary>Mounts a <see cref="MetaCdnSimulator"/> on an ASP.NET app.</summary>
public static class MetaCdnEndpoints
{
    public static IEndpointRouteBuilder MapMetaCdnSimulator(this WebApplication app, string prefix, MetaCdnSimulator cdn)
    {
        prefix = "/" + prefix.Trim('/');
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            cdn.BaseUrl = new Uri(address.TrimEnd('/') + prefix);
        });
        var group = app.MapGroup(prefix);
        group.MapGet("/v/{folder}/{name}", (HttpContext context, string name, string? oh, string? oe) => ServeAsync(context, cdn, name, oh, oe));
        group.MapPost("/_faults", (MetaCdnFaults faults) => { cdn.Faults.CopyFrom(faults); return Results.Ok(cdn.Faults); });
        group.MapDelete("/_faults", () => { cdn.Faults.Reset(); return Results.NoContent(); });
        return app;
    }

    private static async Task ServeAsync(HttpContext context, MetaCdnSimulator cdn, string name, string? oh, string? oe)
    {
        var faults = cdn.Faults;
        var cancellationToken = context.RequestAborted;
        cdn.CountRequest(name);
        if (faults.LatencyMs > 0) await Task.Delay(faults.LatencyMs, cancellationToken);
        if (faults.Hang)
        {
            cdn.CountHeld();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        if (faults.RedirectTo is { } target)
        {
            context.Response.Redirect(target);
            return;
        }
        if (faults.TakeFailure())
        {
            context.Response.StatusCode = faults.FailStatus;
            await context.Response.WriteAsync("Service temporarily unavailable", cancellationToken);
            return;
        }
        var file = cdn.Find(name);
        if (file is null || oe is null || oh is null || oh != $"00_{cdn.Sign(name, oe)}")
        {
            context.Response.StatusCode = file is null ? StatusCodes.Status404NotFound : StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync(file is null ? "Not Found" : "Bad URL hash", cancellationToken);
            return;
        }
        if (!long.TryParse(oe, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var expiry) ||
            DateTimeOffset.FromUnixTimeSeconds(expiry) <= cdn.Time.GetUtcNow())
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("URL signature expired", cancellationToken);
            return;
        }
        await WriteBodyAsync(context, cdn, file, faults, cancellationToken);
    }

    private static async Task WriteBodyAsync(HttpContext context, MetaCdnSimulator cdn, CdnFile file, MetaCdnFaults faults, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.ContentType = file.ContentType;
        response.Headers.CacheControl = "max-age=1209600, no-transform";
        if (faults.WrongContentType)
        {
            var page = "<!DOCTYPE html><html><body>Sorry, this content isn't available right now</body></html>"u8.ToArray();
            response.ContentLength = page.Length;
            await response.Body.WriteAsync(page, cancellationToken);
            return;
        }
        var length = file.Length + faults.OversizeBytes;
        response.ContentLength = length;
        var stop = faults.TruncateBodies ? length / 2 : length;
        var stallAt = faults.StallBodyAfterBytes > 0 ? Math.Min(faults.StallBodyAfterBytes, stop)
            : faults.BodyStallMs > 0 ? stop / 2
            : -1;
        var buffer = new byte[64 * 1024];
        for (long sent = 0; sent < stop;)
        {
            if (sent == stallAt)
            {
                await response.Body.FlushAsync(cancellationToken);
                cdn.CountStall();
                if (faults.StallBodyAfterBytes > 0)
                {
                    // Polling a simulator switch is fine here: the hold ends when the test clears it or the client dies.
                    while (faults.StallBodyAfterBytes > 0) await Task.Delay(20, cancellationToken);
                }
                else
                {
                    await Task.Delay(faults.BodyStallMs, cancellationToken);
                }
            }
            var count = (int)Math.Min(buffer.Length, (sent < stallAt ? stallAt : stop) - sent);
            for (var i = 0; i < count; i++) buffer[i] = sent + i < file.Length ? file.ByteAt(sent + i) : (byte)0;
            await response.Body.WriteAsync(buffer.AsMemory(0, count), cancellationToken);
            sent += count;
        }
        if (faults.TruncateBodies)
        {
            await response.Body.FlushAsync(cancellationToken);
            context.Abort(); // the connection drops with the body half sent, as a flaky CDN edge does
        }
    }
}
