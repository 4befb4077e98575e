namespace Silo.Media.Posts;

/// <summary>
/// A file of a post that the latest integrity scrub found <c>missing</c> or <c>corrupted</c> and could not fetch again (issue 21's
/// mark): the item's slot, whether it is the item's own file or its preview, the finding, the run that found it and when, why it
/// could not be repaired (<see cref="Detail"/>) and what the user can do about it (<see cref="Remedy"/>).
/// </summary>
public sealed record DamagedFileView(string Slot, string File, string Kind, string StorageKey, int Run, DateTimeOffset FoundAt, string? Detail,
    string Remedy)
{
    /// <summary>The item's own file (<see cref="File"/>).</summary>
    public const string ItemFile = "file";

    /// <summary>The small copy Silo made of the item's file (<see cref="File"/>).</summary>
    public const string PreviewFile = "preview";
}
