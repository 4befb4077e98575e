namespace Silo.Media.Archiving.Probing;

/// <summary>A media tool that could not be started or did not finish in time.</summary>
public sealed class ToolFailedException(ToolFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public ToolFailure Failure { get; } = failure;
}
