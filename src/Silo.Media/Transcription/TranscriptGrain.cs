using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Hosting;
using Orleans.Serialization.Invocation;
using Orleans.Storage;
using Silo.Hosting.Hosting;
using Silo.Hosting.Work;
using Silo.Media.BlobStores;

namespace Silo.Media.Transcription;

/// <summary>
/// The transcript of one archived file (keyed by its SHA-256). <see cref="Request"/> stores the request and returns; the
/// API is called by the file's <see cref="WorkLoop"/>, part by part, each answer stored as it arrives. Its reminder stays
/// registered while work is outstanding: it retries 429s and 5xx with backoff and, after a crash, resumes on whichever node then owns
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

    private WorkLoop? _work;
    private Task? _creating;

    private TranscriptState State => transcript.State;

    private string Key => this.GetPrimaryKeyString();

    private WorkLoop Work => _work ??= new WorkLoop(this, transcript, WorkReminder, options.Value.ReminderPeriod,
        reminderOptions.Value.MinimumReminderPeriod, NextStepAt, StepAsync, time, logger);

    /// <summary>
    /// Reminder ticks and requests may interleave with a long upload instead of queueing behind it (and timing out the
    /// post that asks): neither awaits anything while work runs, they only look at the state and schedule the timer.
    /// </summary>
    public static bool MayInterleave(IInvokable request) =>
        WorkLoop.IsTickOf(request, WorkReminder) || request.GetMethodName() == nameof(Request);

    public Task Request(TranscriptRequest request)
    {
        // Two requests arriving together store the row once: the second waits for the first's write.
        if (_creating is { IsCompleted: false } creating) return creating;
        if (State.Exists)
        {
            // Asked again (a post's backstop, another post with the same file): the work resumes if a crash left it.
            if (NextStepAt() <= time.GetUtcNow()) Work.Wake();
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
            await Work.StartAsync();
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
        (State.Status, State.FailuresInRow, State.ErrorType, State.Error, State.NextRetryAt, State.FinishedAt) =
            (TranscriptStatus.Pending, 0, null, null, null, null);
        await Work.StartAsync();
        return true;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Work.OnReminder(reminderName);
        return Task.CompletedTask;
    }

    /// <summary>One transcription attempt; an error that is not an API failure (those are classified) counts as a failed call.</summary>
    private async Task StepAsync(CancellationToken cancellationToken)
    {
        try
        {
            await TranscribeAsync(cancellationToken);
        }
        catch (Exception e) when (e is not InconsistentStateException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // Counted all the same, so it retries with backoff.
            LogWorkInterrupted(logger, e, Key);
            await FailAsync(new TranscriptionException(false, "internal_error", e.Message, inner: e));
        }
    }

    /// <summary>When the next call is due: cut short, at once; pending, at its retry time (or at once).</summary>
    private DateTimeOffset? NextStepAt() => !State.Exists ? null
        : State.Status == TranscriptStatus.Transcribing ? WorkLoop.AtOnce
        : State.Status == TranscriptStatus.Pending ? State.NextRetryAt ?? WorkLoop.AtOnce
        : null;
}
