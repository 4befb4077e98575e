namespace Silo.Hosting.Tests.Work;

[GenerateSerializer, Alias("silo.tests.ChoresState")]
public sealed class ChoresState
{
    [Id(0)] public int Left { get; set; }
    [Id(1)] public int Done { get; set; }
}
