using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace Silo.Publishing.Batches;

/// <summary>
/// When a silo starts, hands every batch that is processing but has no step reminder to its grain,
/// which registers one. Such batches were stored by Silo's old runtime, whose reminders migration
/// 007 dropped; without this they would wait forever. Every silo runs it; it is idempotent, and
/// once adopted a batch is no longer found by it.
/// </summary>
internal sealed partial class ProcessingBatchesAdoption(NpgsqlDataSource database, IGrainFactory grains, IOptions<ClusterOptions> cluster,
    ILogger<ProcessingBatchesAdoption> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _stopping = new();
    private Task _adopting = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ProcessingBatchesAdoption), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        // In the background: the silo's start does not wait on the database or on grain calls.
        _adopting = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _adopting.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var adopted = await RunOnceAsync(cancellationToken);
                if (adopted > 0) LogAdopted(adopted);
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogAdoptionFailed(e, RetryDelay);
                await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Adopts every processing batch without a reminder; returns how many.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var orphans = new List<string>();
        await using (var command = database.CreateCommand("""
            select b.batch_id from publish_batches b
             where b.status = 'processing'
               and not exists (select 1 from orleans_reminders r
                                where r.service_id = @service_id and r.grain_id = @grain_type || '/' || b.batch_id
                                  and r.reminder_name = @reminder)
            """))
        {
            command.Parameters.AddWithValue("service_id", cluster.Value.ServiceId);
            command.Parameters.AddWithValue("grain_type", PublishBatchGrain.GrainTypeName);
            command.Parameters.AddWithValue("reminder", PublishBatchGrain.StepReminder);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) orphans.Add(reader.GetString(0));
        }
        foreach (var batchId in orphans)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await grains.GetGrain<IPublishBatchGrain>(batchId).Continue();
        }
        return orphans.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Adopted {Count} processing publish batches that had no step reminder")]
    private partial void LogAdopted(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Adopting processing publish batches failed; retrying in {Delay}")]
    private partial void LogAdoptionFailed(Exception exception, TimeSpan delay);
}
