using Silo.Hosting.Tenants;

namespace Silo.Media.Posts;

public sealed partial class PostGrain
{
    public async Task<bool> Delete(string callerTenant, string actor, string reason)
    {
        if (!State.Exists || !TenantOwnership.ActsFor(callerTenant, State.Tenant)) return false;
        try
        {
            // The grain's turn: no archive step or delivery runs between this write and the fresh state below.
            State.Deletion = new PostDeletion(actor, reason);
            await Work.SaveAsync();
        }
        catch
        {
            ForgetUnsavedState();
            throw;
        }
        LogDeleted(logger, Key, actor, reason);
        // The version stays the deletion's (the tombstone's): a delivery from now on stores the post anew.
        post.State = new PostState();
        await Work.StopAsync();
        return true;
    }
}
