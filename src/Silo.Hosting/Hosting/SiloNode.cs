using System.Reflection;

namespace Silo.Hosting.Hosting;

/// <summary>What a node runs: grains (an Orleans silo), the HTTP gateway (an Orleans client), or both.</summary>
public enum SiloRole { Silo, Gateway, All }

/// <summary>This process as a member of the cluster.</summary>
public sealed class SiloNode(SiloRole role)
{
    public SiloRole Role { get; } = role;
    public bool RunsGrains => Role is SiloRole.Silo or SiloRole.All;
    public bool RunsGateway => Role is SiloRole.Gateway or SiloRole.All;
    public string Version { get; } = typeof(SiloNode).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Where the node's HTTP endpoint listens, once known.</summary>
    public string? Address { get; set; }
}
