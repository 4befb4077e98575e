namespace Silo.Testing;

/// <summary>
/// A folder under the system's temporary folder, deleted on disposal. Declared before the process or
/// node that writes into it, so <c>await using</c> deletes it only after that has stopped.
/// </summary>
public sealed class TempFolder(string prefix) : IAsyncDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
        return ValueTask.CompletedTask;
    }
}
