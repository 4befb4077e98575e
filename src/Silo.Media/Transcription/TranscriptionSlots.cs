using Microsoft.Extensions.Options;

namespace Silo.Media.Transcription;

/// <summary>How many files this node transcribes at once (<see cref="TranscriptionOptions.MaxConcurrentPerNode"/>); the others wait their turn.</summary>
public sealed class TranscriptionSlots(IOptions<TranscriptionOptions> options)
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentPerNode, options.Value.MaxConcurrentPerNode);

    public async Task<IDisposable> TakeAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        return new Slot(_slots);
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}
