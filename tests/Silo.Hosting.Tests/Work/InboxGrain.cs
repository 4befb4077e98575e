using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Serialization.Invocation;
using Silo.Hosting.Hosting;
using Silo.Hosting.Work;

namespace Silo.Hosting.Tests.Work;

/// <summary>Handles one letter per step; it has no state, so only its standing reminder finds letters no call announced.</summary>
[MayInterleave(nameof(IsTick))]
public sealed class InboxGrain([FromKeyedServices(SiloClock.Key)] TimeProvider time, ILogger<InboxGrain> logger)
    : Grain, IInboxGrain, IRemindable
{
    public const string Reminder = "inbox";

    private WorkLoop? _work;
    // An activation and every tick look in the box; a step that handled a letter looks again.
    private bool _lookDue = true;

    private WorkLoop Work => _work ??= new WorkLoop(this, state: null, Reminder, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1),
        () => _lookDue ? WorkLoop.AtOnce : null, StepAsync, time, logger) { StandingReminder = true };

    private InboxProbe Probe => InboxProbe.For(this.GetPrimaryKeyString());

    public static bool IsTick(IInvokable request) => WorkLoop.IsTickOf(request, Reminder);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Probe.CountActivation();
        return Work.StartAsync();
    }

    public Task Open() => Task.CompletedTask;

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Probe.CountTick();
        if (reminderName == Reminder) _lookDue = true;
        Work.OnReminder(reminderName);
        return Task.CompletedTask;
    }

    private Task StepAsync(CancellationToken cancellationToken)
    {
        _lookDue = false;
        if (Probe.TakeLetter()) _lookDue = true;
        return Task.CompletedTask;
    }
}
