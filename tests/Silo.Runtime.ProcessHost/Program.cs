using Microsoft.AspNetCore.Builder;
using Silo.Gateway.Hosting;
using Silo.Runtime.Hosting;
using Silo.Runtime.ProcessHost;

// Usage: Silo.Runtime.ProcessHost --ConnectionStrings:Silo=... [--Silo:Runtime:LeaseDuration=00:00:03]
var app = SiloApplication.Build([.. args, "--Urls=http://127.0.0.1:0"], SiloRole.Silo,
    builder => builder.Services.AddGrain<TurnLogGrain>("turnlog").Handles<Work>());
await app.RunAsync();
