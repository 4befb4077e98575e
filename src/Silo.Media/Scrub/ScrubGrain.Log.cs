using Microsoft.Extensions.Logging;

namespace Silo.Media.Scrub;

public sealed partial class ScrubGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Scrub run {Run} of the {Backend} store started")]
    private static partial void LogStarted(ILogger logger, int run, string backend);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scrub run {Run}: done, {Files} files ({Bytes} bytes) checked, {Objects} objects listed")]
    private static partial void LogDone(ILogger logger, int run, int files, long bytes, int objects);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scrub run {Run}: {Kind} {Key} ({Outcome}: {Detail})")]
    private static partial void LogFinding(ILogger logger, int run, string kind, string key, string outcome, string? detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scrub run {Run} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, int run, string reason);
}
