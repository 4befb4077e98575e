using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Hosting;
using Orleans.Serialization.Invocation;
using Orleans.Storage;
using Silo.Hosting.Hosting;
using Silo.Media.BlobStores;

namespace Silo.Media.Transcription;

/// <summary>
/// The transcript of one archived file (keyed by its SHA-256). <see cref="Request"/> stores the request and returns; the
/// API is called from a one-shot grain timer, part by part, each answer stored as it arrives. A reminder stays registered
/// while work is outstanding: it retries 429s and 5xx with backoff and, after a crash, resumes on whichever node then owns
/// the file, repeating at most the one call that was in flight. A refusal (any other 4xx) ends the work with its reason.
/// </summary>
[GrainType("transcript")]
[MayInterleave(nameof(MayInterleave))]
public sealed partial class TranscriptGrain(
    [PersistentState("transcript", TranscriptStorage.Name)] IPersistentState<TranscriptState> transcript,
    AudioSplitter splitter, TranscriptionClient client, TranscriptionSlots slots, IBlobStore store,
    IOptions<TranscriptionOptions> options, IOptions<ReminderOptions> reminderOptions,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time, ILogger<TranscriptGrain> logger) : Grain, ITranscriptGrain, IRemindable
{
    public const string WorkReminder = "transcribe";

    // A retry's tick can arrive a little before the retry time it was set for (Orleans' clock and Silo's).
    private static readonly TimeSpan TickTolerance = TimeSpan.FromSeconds(1);

    private IGrainTimer? _workTimer;
    private bool _workScheduled;
    private bool _working;
    private Task? _creating;

    private TranscriptState State => transcript.State;

    private string Key => this.GetPrimaryKeyString();

    /// <summary>
    /// Reminder ticks and requests may interleave with a long upload instead of queueing behind it (and timing out the
    /// post that asks): neither awaits anything while work runs, they only look at the state and schedule the timer.
    /// </summary>
    public static bool MayInterleave(IInvokable request) =>
        request.GetInterfaceType() == typeof(IRemindable) || request.GetMethodName() == nameof(Request);

    public Task Request(TranscriptRequest request)
    {
        // Two requests arriving together store the row once: the second waits for the first's write.
        if (_creating is { IsCompleted: false } creating) return creating;
        if (State.Exists)
        {
            // Asked again (a post's backstop, another post with the same file): the work resumes if a crash left it.
            if (IsWorkDue() && !_working) ScheduleWork();
            return Task.CompletedTask;
        }
        return _creating = CreateAsync(request);
    }

    private async Task CreateAsync(TranscriptRequest request)
    {
        try
        {
            (State.Exists, State.StorageKey, State.MimeType, State.Size, State.DurationSeconds, State.HasSound) =
                (true, request.StorageKey, request.MimeType, request.Size, request.DurationSeconds, request.HasSound);
            (State.Status, State.RequestedAt, State.Model) = (TranscriptStatus.Pending, time.GetUtcNow(), options.Value.Model);
            if (!request.HasSound)
            {
                (State.Status, State.ErrorType, State.Error, State.FinishedAt) =
                    (TranscriptStatus.Skipped, "no_sound", "The file has no sound track to transcribe.", time.GetUtcNow());
                await transcript.WriteStateAsync();
                return;
            }
            // The reminder before the state: a crash between them leaves a reminder that finds nothing to do, never a
            // pending transcript nothing will resume.
            await this.RegisterOrUpdateReminder(WorkReminder, ReminderPeriod, ReminderPeriod);
            await transcript.WriteStateAsync();
            ScheduleWork();
        }
        catch
        {
            State.Exists = false;
            this.DeactivateOnIdle();
            throw;
        }
        finally
        {
            _creating = null;
        }
    }

    public async Task<bool> Retry()
    {
        if (!State.Exists || State.Status != TranscriptStatus.Failed) return false;
        try
        {
            (State.Status, State.FailuresInRow, State.ErrorType, State.Error, State.NextRetryAt, State.FinishedAt) =
                (TranscriptStatus.Pending, 0, null, null, null, null);
            await this.RegisterOrUpdateReminder(WorkReminder, ReminderPeriod, ReminderPeriod);
            await transcript.WriteStateAsync();
            ScheduleWork();
            return true;
        }
        catch
        {
            this.DeactivateOnIdle();
            throw;
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == WorkReminder && !_workScheduled && !_working) ScheduleWork();
        return Task.CompletedTask;
    }

    /// <summary>The work timer: transcribes when work is due, or removes the reminder of a file that has none left.</summary>
    private async Task RunWorkAsync(CancellationToken cancellationToken)
    {
        (_workScheduled, _working) = (false, true);
        try
        {
            if (IsWorkDue()) await TranscribeAsync(cancellationToken);
            else if (State.Status is TranscriptStatus.Done or TranscriptStatus.Failed or TranscriptStatus.Skipped || !State.Exists) await DropReminderAsync();
        }
        catch (Exception e) when (e is InconsistentStateException || e is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            // Another activation wrote the row since this one read it, or this one is being deactivated mid-call: the
            // work is the stored state's, and its reminder's.
            LogWorkInterrupted(logger, e, Key);
            this.DeactivateOnIdle();
        }
        catch (Exception e)
        {
            // Not an API failure (those are classified): counted as a failed call all the same, so it retries with backoff.
            LogWorkInterrupted(logger, e, Key);
            try { await FailAsync(new TranscriptionException(false, "internal_error", e.Message, inner: e)); }
            catch (Exception again) { LogWorkInterrupted(logger, again, Key); this.DeactivateOnIdle(); }
        }
        finally
        {
            _working = false;
        }
    }

    private bool IsWorkDue() => State.Exists && (State.Status == TranscriptStatus.Transcribing
        || State.Status == TranscriptStatus.Pending && (State.NextRetryAt is null || State.NextRetryAt <= time.GetUtcNow() + TickTolerance));

    private void ScheduleWork()
    {
        if (_workScheduled) return;
        _workTimer ??= this.RegisterGrainTimer(RunWorkAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        _workTimer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        _workScheduled = true;
    }

    private TimeSpan ReminderPeriod =>
        options.Value.ReminderPeriod > reminderOptions.Value.MinimumReminderPeriod ? options.Value.ReminderPeriod : reminderOptions.Value.MinimumReminderPeriod;

    private async Task DropReminderAsync()
    {
        try
        {
            if (await this.GetReminder(WorkReminder) is { } reminder) await this.UnregisterReminder(reminder);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next tick finds the work over and tries again.
            LogReminderNotRemoved(logger, e, Key);
        }
    }
}
