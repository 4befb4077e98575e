namespace Silo.Publishing.Tests.Support;

/// <summary>
/// Stops a node's first create call to Metricool before it is sent or after its answer arrived, and
/// waits there until the node is killed: the two crash points a simulator alone cannot reach.
/// </summary>
public sealed class UploadGate(bool beforeSend)
{
    public bool BeforeSend { get; } = beforeSend;
    public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>The handler that applies an <see cref="UploadGate"/> to POSTs.</summary>
public sealed class UploadGateHandler(UploadGate gate) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Only the first create call is stopped; the gate never holds a second one.
        if (request.Method != HttpMethod.Post || gate.Reached.Task.IsCompleted) return await base.SendAsync(request, cancellationToken);
        if (gate.BeforeSend)
        {
            gate.Reached.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
        var response = await base.SendAsync(request, cancellationToken);
        gate.Reached.TrySetResult();
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        return response;
    }
}
