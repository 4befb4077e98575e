using System.Runtime.ExceptionServices;

namespace Silo.Testing;

/// <summary>
/// Disposes what a fixture started, in the order given: what never started (null) is skipped, and
/// every one is disposed even when an earlier one throws (the first error is rethrown, the others
/// with it). A fixture's InitializeAsync calls its DisposeAsync when a later step fails, so callers
/// pass fields taken with <c>Interlocked.Exchange(ref field, null!)</c>: a second call disposes nothing twice.
/// </summary>
public static class Teardown
{
    public static async ValueTask DisposeAllAsync(params IAsyncDisposable?[] started)
    {
        List<Exception>? errors = null;
        foreach (var item in started)
        {
            if (item is null) continue;
            try { await item.DisposeAsync(); }
            catch (Exception e) { (errors ??= []).Add(e); }
        }
        if (errors is [var only]) ExceptionDispatchInfo.Throw(only);
        if (errors is not null) throw new AggregateException(errors);
    }
}
