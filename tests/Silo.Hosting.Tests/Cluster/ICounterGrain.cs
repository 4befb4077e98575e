namespace Silo.Hosting.Tests.Cluster;

/// <summary>A grain that persists a count and can arm a reminder: enough to exercise every provider.</summary>
[Alias("silo.tests.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    Task<long> Add(long amount);
    Task<long> Count();
    Task ArmReminder();
    Task<int> Ticks();
}
