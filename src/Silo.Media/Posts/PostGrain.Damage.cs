using Silo.Hosting.Tenants;
using Silo.Media.Archiving;

namespace Silo.Media.Posts;

/// <summary>Archiving again the items whose stored files the integrity scrub found missing or corrupted and could not repair.</summary>
public sealed partial class PostGrain
{
    public async Task<IReadOnlyList<string>?> ArchiveAgain(string callerTenant, IReadOnlyList<string> slots)
    {
        if (!State.Exists || !TenantOwnership.ActsFor(callerTenant, State.Tenant)) return null;
        var items = State.Media.Where(m => slots.Contains(m.Slot) && m.Status == MediaItemStatus.Success
            && m.Action is MediaAction.Download or MediaAction.YtDlp).ToList();
        if (items.Count == 0) return [];
        try
        {
            // Pending again, the item keeps its stored file's fields until the download replaces them; the archiver puts the
            // bytes back under the file's key because the file is marked damaged (MediaArchiver).
            State.Attempts = 0;
            foreach (var item in items) (item.Status, item.Error) = (MediaItemStatus.Pending, null);
            await SaveWorkAsync(archive: true);
            return [.. items.Select(m => m.Slot)];
        }
        catch
        {
            ForgetUnsavedState();
            throw;
        }
    }
}
