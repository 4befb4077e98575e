using Npgsql;
using Quartz;
using Quartz.Spi;

namespace Silo.Benchmarks.Quartz;

/// <summary>Gives each Quartz job the benchmark database, the way Silo's DI gives a grain its services.</summary>
internal sealed class TimerJobFactory(NpgsqlDataSource database) : IJobFactory
{
    public IJob NewJob(TriggerFiredBundle bundle, IScheduler scheduler) => new TimerJob(database, TimeProvider.System);

    public void ReturnJob(IJob job) { }
}
