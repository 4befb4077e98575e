namespace Silo.Hosting.Tests.Work;

/// <summary>A grain with chores to do, one per step of its work loop: the loop's smallest user.</summary>
[Alias("silo.tests.IChoresGrain")]
public interface IChoresGrain : IGrainWithStringKey
{
    /// <summary>Stores <paramref name="count"/> more chores; they are done after the call returns.</summary>
    Task Add(int count);

    /// <summary>Chores left and done, as this activation holds them.</summary>
    Task<int[]> Counts();
}
