using Silo.Hosting.Grains;

namespace Silo.Dashboard.Tests.Support;

public sealed record Bump(int By = 1);
public sealed record Explode(string Why);

public sealed class CounterState
{
    public int Count { get; set; }
}

/// <summary>A grain that counts bumps in JSON state and throws on <see cref="Explode"/>, to give the dashboard turns and failures.</summary>
public sealed class CounterGrain : Grain<CounterState>
{
    public override Task ReceiveAsync(object message, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case Bump bump:
                State.Count += bump.By;
                break;
            case Explode explode:
                throw new InvalidOperationException(explode.Why);
        }
        return Task.CompletedTask;
    }
}
