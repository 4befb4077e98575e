using Orleans;

namespace Silo.Gateway.Hosting;

/// <summary>
/// How many silos a gateway-only node's Orleans client is connected to, as the client reports each
/// connection opening and closing. <c>/readyz</c> reads it: a gateway with no silo cannot serve.
/// </summary>
public sealed class ClusterConnection : IClusterConnectionStatusObserver
{
    private int _gateways;

    public int ConnectedGateways => Volatile.Read(ref _gateways);

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered) =>
        Volatile.Write(ref _gateways, currentNumberOfGateways);

    public void NotifyClusterConnectionLost() => Volatile.Write(ref _gateways, 0);
}
