using System.Security.Cryptography;
using System.Text;

namespace Silo.Simulators.Receiver;

/// <summary>
/// The state of a simulated notification receiver: what it accepted, in arrival order, the faults in force, and the secret
/// it checks webhook signatures with (<c>Silo-Signature: sha256=&lt;hex HMAC-SHA256 of the raw body&gt;</c>).
/// </summary>
public sealed class ReceiverSimulator
{
    private readonly Lock _lock = new();
    private readonly List<ReceivedEvent> _received = [];
    private ReceiverFaults _faults = new();
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _held;
    private int _requests;

    /// <summary>The secret webhook signatures are checked with; null records every signature as invalid.</summary>
    public string? Secret { get; set; }

    /// <summary>Everything accepted (and held), in arrival order.</summary>
    public IReadOnlyList<ReceivedEvent> Received { get { lock (_lock) return [.. _received]; } }

    /// <summary>Requests whose answer is being held right now.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Every request that arrived, refused ones included.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public ReceiverFaults Faults
    {
        get { lock (_lock) return _faults.Clone(); }
        set { lock (_lock) _faults = value.Clone(); }
    }

    public void SetFaults(Action<ReceiverFaults> change)
    {
        lock (_lock) change(_faults);
    }

    /// <summary>Answers every held request.</summary>
    public void ReleaseHeld()
    {
        TaskCompletionSource release;
        lock (_lock) (release, _release) = (_release, new(TaskCreationOptions.RunContinuationsAsynchronously));
        release.TrySetResult();
    }

    public void Reset()
    {
        lock (_lock)
        {
            _received.Clear();
            _faults = new ReceiverFaults();
        }
        ReleaseHeld();
    }

    /// <summary>
    /// The status Slack answers an incoming-webhook error with (its documented errors: 400 for a payload or user it cannot
    /// use, 403 for a revoked token or a workspace's restriction, 404 for a webhook, channel or workspace that is gone, 410 for
    /// an archived channel, 500 otherwise).
    /// </summary>
    public static int SlackStatus(string error) => error switch
    {
        "invalid_payload" or "user_not_found" or "no_text" or "no_service_id" => 400,
        "invalid_token" or "action_prohibited" or "posting_to_general_channel_denied" => 403,
        "no_service" or "no_team" or "team_disabled" or "channel_not_found" => 404,
        "channel_is_archived" => 410,
        _ => 500,
    };

    /// <summary>The Slack error the next Slack post meets (<see cref="ReceiverFaults.SlackError"/>), if any; counted as a request.</summary>
    internal string? SlackErrorFault()
    {
        lock (_lock)
        {
            if (_faults.SlackError is null) return null;
            Interlocked.Increment(ref _requests);
            return _faults.SlackError;
        }
    }

    /// <summary>What the next request meets: 503, 410, 500, held after recording, or accepted (200).</summary>
    internal async Task<int> ReceiveAsync(ReceivedEvent received, CancellationToken aborted)
    {
        Interlocked.Increment(ref _requests);
        Task? hold = null;
        lock (_lock)
        {
            if (_faults.Down) return 503;
            if (_faults.Gone) return 410;
            if (_faults.ServerErrors > 0)
            {
                _faults.ServerErrors--;
                return 500;
            }
            _received.Add(received);
            if (_faults.HoldAfterReceiving > 0)
            {
                _faults.HoldAfterReceiving--;
                hold = _release.Task;
            }
        }
        if (hold is null) return 200;
        Interlocked.Increment(ref _held);
        try { await hold.WaitAsync(aborted); }
        finally { Interlocked.Decrement(ref _held); }
        return 200;
    }

    internal bool SignatureMatches(byte[] body, string? signature) =>
        Secret is { } secret && signature is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature),
            Encoding.ASCII.GetBytes("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body))));
}
