using Silo.Hosting.Tenants;
using Silo.Hosting.Work;

namespace Silo.Media.Backfill;

/// <summary>
/// The same three transitions for every <see cref="ISteeredRun"/>: each is stored before it answers, and each answers
/// false, changing nothing, when the run is another tenant's or not in a state that allows it.
/// </summary>
public sealed class RunSteering(Func<IRunState> state, WorkLoop work, TimeProvider time)
{
    public async Task<bool> PauseAsync(string callerTenant)
    {
        var run = state();
        if (!Steers(run, callerTenant) || run.Status != BackfillStatus.Running) return false;
        run.Status = BackfillStatus.Paused;
        await StopAsync();
        return true;
    }

    public async Task<bool> ResumeAsync(string callerTenant)
    {
        var run = state();
        if (!Steers(run, callerTenant) || run.Status is not (BackfillStatus.Paused or BackfillStatus.Failed)) return false;
        // A rest a third party's rate limit set (NotBefore) is kept: the person ends the pause, not the limit.
        (run.Status, run.FinishedAt, run.FailuresInRow, run.ResolveAlert) = (BackfillStatus.Running, null, 0, true);
        await work.StartAsync();
        return true;
    }

    public async Task<bool> CancelAsync(string callerTenant)
    {
        var run = state();
        if (!Steers(run, callerTenant) || BackfillStatus.IsOver(run.Status)) return false;
        (run.Status, run.FinishedAt, run.NotBefore) = (BackfillStatus.Cancelled, time.GetUtcNow(), null);
        await StopAsync();
        return true;
    }

    private static bool Steers(IRunState run, string callerTenant) => run.Exists && TenantOwnership.ActsFor(callerTenant, run.Tenant);

    private async Task StopAsync()
    {
        await work.SaveAsync();
        await work.StopAsync();
    }
}
