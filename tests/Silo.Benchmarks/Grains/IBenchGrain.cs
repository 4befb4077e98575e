namespace Silo.Benchmarks.Grains;

/// <summary>A benchmark grain: every call and every reminder tick persists its state.</summary>
[Alias("silo.bench.IBenchGrain")]
public interface IBenchGrain : IGrainWithStringKey
{
    /// <summary>Counts one call and writes the state before answering.</summary>
    Task Touch();

    /// <summary>Registers a reminder first due at <paramref name="dueAt"/>; its tick writes the state and unregisters it.</summary>
    Task Arm(DateTimeOffset dueAt);
}
