using System.Text;
using MimeKit;

namespace Silo.Simulators.Smtp;

/// <summary>
/// The state of a simulated SMTP relay: what it accepted, in arrival order, the faults in force, and the one user name and
/// password it accepts (<c>AUTH PLAIN</c> or <c>LOGIN</c>; none: it offers no authentication). <see cref="SmtpRelayListener"/>
/// speaks SMTP for it; <see cref="SmtpSimulatorEndpoints"/> shows it over HTTP.
/// </summary>
public sealed class SmtpSimulator
{
    private readonly Lock _lock = new();
    private readonly List<ReceivedMail> _received = [];
    private SmtpFaults _faults = new();
    private int _connections;

    /// <summary>The user name and password accepted; null: no authentication offered.</summary>
    public (string User, string Password)? Credentials { get; set; }

    /// <summary>Everything accepted, in arrival order.</summary>
    public IReadOnlyList<ReceivedMail> Received { get { lock (_lock) return [.. _received]; } }

    /// <summary>Every connection that arrived, refused ones included.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public SmtpFaults Faults
    {
        get { lock (_lock) return _faults.Clone(); }
        set { lock (_lock) _faults = value.Clone(); }
    }

    public void SetFaults(Action<SmtpFaults> change)
    {
        lock (_lock) change(_faults);
    }

    internal bool Connected()
    {
        Interlocked.Increment(ref _connections);
        lock (_lock) return !_faults.Down;
    }

    internal bool Knows(string mailbox)
    {
        lock (_lock) return !_faults.UnknownMailboxes.Contains(mailbox, StringComparer.OrdinalIgnoreCase);
    }

    internal bool Accepts(string user, string password) => Credentials is { } c && c.User == user && c.Password == password;

    /// <summary>What the end of a message's data meets: deferred (451, not kept), kept and never answered, or kept (250).</summary>
    internal DataVerdict Receive(string from, IReadOnlyList<string> to, string? user, byte[] raw)
    {
        lock (_lock)
        {
            if (_faults.Defer > 0)
            {
                _faults.Defer--;
                return DataVerdict.Deferred;
            }
            _received.Add(Read(from, to, user, raw));
            if (_faults.HangAfterData <= 0) return DataVerdict.Accepted;
            _faults.HangAfterData--;
            return DataVerdict.Hang;
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _received.Clear();
            _faults = new SmtpFaults();
        }
    }

    private static ReceivedMail Read(string from, IReadOnlyList<string> to, string? user, byte[] raw)
    {
        using var stream = new MemoryStream(raw);
        var message = MimeMessage.Load(stream);
        return new ReceivedMail(from, to, user, message.MessageId, message.Headers["Silo-Event-Id"], message.Subject, message.TextBody,
            Encoding.UTF8.GetString(raw));
    }

    internal enum DataVerdict { Accepted, Deferred, Hang }
}
