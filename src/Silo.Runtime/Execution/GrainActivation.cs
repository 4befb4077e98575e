using Silo.Runtime.Grains;

namespace Silo.Runtime.Execution;

/// <summary>
/// One grain held by this node under one lease: the grain instance, its state, the fence the lease
/// was taken with, and the effects of the turn in progress.
/// </summary>
internal sealed class GrainActivation(GrainId id, long fence, TurnCommitter committer, CancellationToken stopping) : IDisposable
{
    private readonly CancellationTokenSource _leaseLost = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    private int _outgoingCount;

    public GrainId Id { get; } = id;
    public long Fence { get; } = fence;
    public Grain Grain { get; set; } = null!;
    public object? State { get; set; }
    public TurnEffects Effects { get; } = new();
    public InboxMessage? CurrentMessage { get; set; }

    /// <summary>Cancelled when the lease is lost or the node's shutdown deadline passes.</summary>
    public CancellationToken Aborted => _leaseLost.Token;

    /// <summary>Cancels the running turn; a no-op once the activation has ended.</summary>
    public void AbortLeaseLost()
    {
        try { _leaseLost.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    /// <summary>Deterministic for a message, so a turn that runs again after a crash sends the same ids.</summary>
    public string NextOutgoingMessageId() =>
        CurrentMessage is { } m
            ? $"{Id}:{m.MessageId}:{++_outgoingCount}"
            : $"{Id}:{Guid.NewGuid():N}";

    public void BeginTurn(InboxMessage? message)
    {
        CurrentMessage = message;
        _outgoingCount = 0;
        Effects.Clear();
    }

    /// <summary>Commits state and the effects buffered so far; with <paramref name="completedWork"/>, also
    /// retires that work and returns whether the grain keeps its lease for more work.</summary>
    public async Task<bool> CommitAsync(CompletedWork? completedWork, bool keepLease, CancellationToken cancellationToken)
    {
        var kept = await committer.CommitAsync(this, completedWork, keepLease, cancellationToken);
        Effects.Clear();
        return kept;
    }

    public void Dispose() => _leaseLost.Dispose();
}
