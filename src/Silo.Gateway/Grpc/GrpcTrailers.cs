using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Silo.Gateway.Grpc;

/// <summary>Answers a gRPC call from middleware (before any service runs) with a status only: gRPC's "trailers-only" response.</summary>
public static class GrpcTrailers
{
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>HTTP 200 with <c>grpc-status</c> and <c>grpc-message</c> in the headers and no body, as the gRPC protocol has it.</summary>
    public static Task WriteStatusAsync(HttpContext context, StatusCode code, string message)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)code).ToString(CultureInfo.InvariantCulture);
        // grpc-message is percent-encoded; ours are plain ASCII, escaped anyway so a future one cannot break the header.
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        return Task.CompletedTask;
    }
}
