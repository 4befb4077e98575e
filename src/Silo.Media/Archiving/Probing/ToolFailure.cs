namespace Silo.Media.Archiving.Probing;

/// <summary>Why a media tool gave no answer.</summary>
public enum ToolFailure
{
    Missing,
    TimedOut,
}
