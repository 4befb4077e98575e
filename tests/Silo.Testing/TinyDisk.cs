using System.Diagnostics;

namespace Silo.Testing;

/// <summary>A tmpfs of a fixed small size, mounted for one test and removed after: a real disk that fills up (ENOSPC).
/// Mounting needs root (CAP_SYS_ADMIN); where that is not permitted the test is skipped with <see cref="SkipReason"/>.</summary>
public sealed class TinyDisk : IAsyncDisposable
{
    public const string SkipReason = "mounting a tmpfs is not permitted here (needs root/CAP_SYS_ADMIN), so ENOSPC cannot be produced for real";

    private TinyDisk(string path) => Path = path;

    public string Path { get; }

    /// <summary>The mounted folder, or null when mounting is not permitted.</summary>
    public static async Task<TinyDisk?> MountAsync(long sizeBytes)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"silo-tinydisk-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        if (await RunAsync("mount", "-t", "tmpfs", "-o", $"size={sizeBytes},mode=0700", "tmpfs", path) == 0) return new TinyDisk(path);
        Directory.Delete(path);
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync("umount", Path);
        Directory.Delete(Path, recursive: true);
    }

    private static async Task<int> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start)!;
            await process.WaitForExitAsync();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1; // no mount program
        }
    }
}
