namespace Silo.Media.Transcription;

/// <summary>
/// The files one transcript is made from, in order, in a temporary folder deleted on dispose. <see cref="Name"/> says
/// how they were cut (<c>whole</c>, or <c>split:{seconds}s:{parts}</c>), so parts transcribed before a crash are kept
/// only when the same cut is made again.
/// </summary>
public sealed class UploadPlan(string name, IReadOnlyList<UploadPart> parts, string folder) : IDisposable
{
    public string Name { get; } = name;
    public IReadOnlyList<UploadPart> Parts { get; } = parts;

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
