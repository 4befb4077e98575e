using System.Diagnostics;

namespace Silo.Testing;

/// <summary>
/// A tmpfs of a fixed small size, mounted for one test and removed after: a real disk that fills up (ENOSPC).
/// Mounting needs root (CAP_SYS_ADMIN); where that is not permitted the test fails saying so, never skips:
/// a skipped test would let CI pass without the storage-full behaviour ever being checked.
/// </summary>
public sealed class TinyDisk : IAsyncDisposable
{
    private TinyDisk(string path) => Path = path;

    public string Path { get; }

    /// <summary>The mounted folder; throws when mounting is not permitted or not possible here.</summary>
    public static async Task<TinyDisk> MountAsync(long sizeBytes)
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("TinyDisk mounts a tmpfs, which needs Linux: the storage-full tests run on Linux only.");
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"silo-tinydisk-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        var (code, error) = await RunAsync("mount", "-t", "tmpfs", "-o", $"size={sizeBytes},mode=0700", "tmpfs", path);
        if (code == 0) return new TinyDisk(path);
        Directory.Delete(path);
        throw new InvalidOperationException(
            $"mounting a tmpfs failed (exit {code}: {error.Trim()}); it needs root or CAP_SYS_ADMIN, without which ENOSPC cannot be produced for real. " +
            "Run the tests as CI does (deploy/test.sh as root).");
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync("umount", Path);
        Directory.Delete(Path, recursive: true);
    }

    private static async Task<(int Code, string Error)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"no {program} program: {e.Message}");
        }
    }
}
