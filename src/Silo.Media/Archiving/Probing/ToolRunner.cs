using System.Diagnostics;

namespace Silo.Media.Archiving.Probing;

/// <summary>
/// Runs a media tool (ffprobe, ffmpeg, yt-dlp) with an argument list, never a shell string, so no
/// file name or URL is ever read as shell syntax; the tool is killed with its children when it
/// outlives <paramref name="timeout"/> or the caller gives up.
/// </summary>
public static class ToolRunner
{
    /// <summary>The tool's exit code and output.</summary>
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        /// <summary>The end of standard error, short enough for a stored error message.</summary>
        public string ErrorTail => StandardError.Trim() is { Length: > 400 } e ? e[^400..] : StandardError.Trim();
    }

    /// <param name="gate">The node's limit on tool runs (<see cref="MediaWorkLimits.Tools"/>): waited for before the tool starts, outside <paramref name="timeout"/>.</param>
    /// <param name="unset">Environment variables the tool must not inherit from the node.</param>
    /// <exception cref="ToolFailedException">The tool could not be started or did not finish in time.</exception>
    public static async Task<Result> RunAsync(string executable, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken,
        SemaphoreSlim? gate = null, IEnumerable<string>? unset = null)
    {
        using var place = gate is null ? null : await MediaWorkLimits.EnterAsync(gate, cancellationToken);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var name in unset ?? []) start.Environment.Remove(name);

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ToolFailedException(ToolFailure.Missing, $"{executable} could not be started: {e.Message}", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
            var stderr = process.StandardError.ReadToEndAsync(limit.Token);
            try
            {
                await process.WaitForExitAsync(limit.Token);
                await Task.WhenAll(stdout, stderr);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                throw new ToolFailedException(ToolFailure.TimedOut, $"{Path.GetFileName(executable)} did not finish within {timeout}.");
            }
            return new Result(process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
