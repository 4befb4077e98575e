using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Silo.Simulators;

namespace Silo.Media.Storage.Tests;

/// <summary>
/// A loopback server that answers every write with one error, in the documented shape of S3 (an <c>&lt;Error&gt;</c>
/// document with <c>Code</c>) or Azure Storage (the same, plus the <c>x-ms-error-code</c> header), and accepts
/// Azure container creation so the answer reaches the upload itself.
/// </summary>
public static class StoreErrorServer
{
    public static Task<SimulatorServer> StartAsync(int status, string code, string message) =>
        SimulatorServer.StartAsync(app => app.Run(async context =>
        {
            context.Response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
            context.Response.Headers["x-ms-version"] = "2025-11-05";
            if (context.Request.Method == "PUT" && context.Request.Query["restype"] == "container")
            {
                context.Response.StatusCode = StatusCodes.Status201Created;
                context.Response.Headers.ETag = "\"0x8DC0000000000\"";
                context.Response.Headers.LastModified = DateTimeOffset.UtcNow.ToString("R");
                return;
            }
            await context.Request.Body.CopyToAsync(Stream.Null); // read what the client sends, as a real server would
            context.Response.StatusCode = status;
            context.Response.Headers["x-ms-error-code"] = code;
            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync(
                $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message>" +
                $"<Resource>{context.Request.Path}</Resource><RequestId>test</RequestId></Error>");
        }));
}
