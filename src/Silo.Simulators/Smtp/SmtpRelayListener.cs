using System.Net;
using System.Net.Sockets;

namespace Silo.Simulators.Smtp;

/// <summary>
/// A real SMTP server on 127.0.0.1 (a free port unless one is given) speaking for an <see cref="SmtpSimulator"/>: tests and
/// the local demo point <c>Silo:Notifications:Smtp:Host</c>/<c>Port</c> at <see cref="Port"/>. Plain SMTP only (no STARTTLS),
/// so Silo's <c>Security</c> is set to <c>None</c> for it.
/// </summary>
public sealed class SmtpRelayListener : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly SmtpSimulator _sim;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly List<Task> _sessions = [];

    private SmtpRelayListener(TcpListener listener, SmtpSimulator sim)
    {
        (_listener, _sim) = (listener, sim);
        _accepting = AcceptAsync();
    }

    /// <summary>The host a client connects to: always the loopback address.</summary>
    public string Host => IPAddress.Loopback.ToString();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static SmtpRelayListener Start(SmtpSimulator sim, int port = 0)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        return new SmtpRelayListener(listener, sim);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            lock (_sessions)
            {
                _sessions.RemoveAll(t => t.IsCompleted);
                _sessions.Add(RunAsync(client));
            }
        }
    }

    private async Task RunAsync(TcpClient client)
    {
        using (client)
        {
            try { await new SmtpSession(_sim, client.GetStream()).RunAsync(_stop.Token); }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] sessions;
        lock (_sessions) sessions = [.. _sessions];
        await Task.WhenAll(sessions);
        _stop.Dispose();
    }
}
