using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Silo.Gateway.Operations;
using Silo.Hosting.Hosting;

namespace Silo.Gateway.Grpc;

/// <summary>
/// The gRPC surface (<c>silo.v1</c>): its services, gRPC health checks and server reflection, on the
/// gateway's port (HTTP/2 over TLS) and, when <see cref="GrpcOptions.H2cUrl"/> is set, on an h2c listener.
/// </summary>
public static class GrpcServiceCollectionExtensions
{
    public static IServiceCollection AddSiloGrpc(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSiloOptions<GrpcOptions>(configuration, GrpcOptions.Section);
        services.AddSingleton<PostOperations>();
        services.AddSingleton<BatchOperations>();
        services.AddSingleton<InsightsOperations>();
        services.AddGrpc();
        // Grpc.AspNetCore's binder, but answering an unparsable request INTERNAL (see UnparsableRequestMethodProvider).
        services.RemoveAll(typeof(IServiceMethodProvider<>));
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(UnparsableRequestMethodProvider<>));
        services.AddOptions<global::Grpc.AspNetCore.Server.GrpcServiceOptions>().Configure<IOptions<GrpcOptions>>((grpc, options) =>
            grpc.MaxReceiveMessageSize = options.Value.MaxReceiveMessageBytes);
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks(o =>
        {
            o.UseHealthChecksCache = false;
            // Every service is as healthy as the node ("" is the whole server, as gRPC's health protocol names it), so a
            // client or balancer probing its own service's name gets the same answer instead of NOT_FOUND.
            foreach (var service in Services) o.Services.Map(service, _ => true);
        }).AddCheck<NodeReadinessCheck>("ready");
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<GrpcOptions>>((kestrel, grpc) =>
        {
            // Every other endpoint keeps Kestrel's default, HTTP/1.1 and HTTP/2 (HTTP/2 chosen by ALPN under TLS).
            if (grpc.Value.H2cPort is { } port)
                kestrel.ConfigureEndpointDefaults(listen =>
                {
                    if (listen.IPEndPoint?.Port == port) listen.Protocols = HttpProtocols.Http2;
                });
            // A watched batch can be quiet for minutes: pings keep proxies from closing the connection under it.
            kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
        });
        return services;
    }

    /// <summary>The full names of the silo.v1 services, as health checks and reflection name them.</summary>
    public static readonly IReadOnlyList<string> Services =
        [V1.Posts.Descriptor.FullName, V1.Batches.Descriptor.FullName, V1.Insights.Descriptor.FullName];

    /// <summary>Adds the h2c listener's URL to the node's URLs, when the setting names one (checked again, with a clear message, at start).</summary>
    public static WebApplicationBuilder AddGrpcListener(this WebApplicationBuilder builder)
    {
        var h2c = builder.Configuration[$"{GrpcOptions.Section}:{nameof(GrpcOptions.H2cUrl)}"];
        if (GrpcOptions.Parse(h2c) is null) return builder;
        var urls = builder.Configuration["urls"];
        builder.WebHost.UseUrls(string.IsNullOrWhiteSpace(urls) ? ["http://localhost:5000", h2c!] : [.. urls.Split(';', StringSplitOptions.RemoveEmptyEntries), h2c!]);
        return builder;
    }

    /// <summary>The silo.v1 services, gRPC health (public, as <c>/readyz</c>) and reflection (public, as <c>/openapi</c>).</summary>
    public static IEndpointRouteBuilder MapSiloGrpc(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<PostsService>();
        app.MapGrpcService<BatchesService>();
        app.MapGrpcService<InsightsService>();
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapGrpcReflectionService().AllowAnonymous();
        return app;
    }
}
