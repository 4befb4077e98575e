using Npgsql;
using Silo.Runtime.Grains;

namespace Silo.Runtime.Inbox;

/// <summary>
/// How code outside grains talks to them (Orleans' cluster client): a message is stored in the
/// grain's inbox and the call returns; the grain runs it later on whichever node claims it.
/// </summary>
public interface IClusterClient
{
    /// <summary>Stores <paramref name="message"/> for <paramref name="target"/>. Returns false when
    /// <paramref name="messageId"/> was already stored for that grain: a duplicate is not an error.</summary>
    Task<bool> SendAsync(GrainId target, object message, string messageId, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="SendAsync(GrainId, object, string, CancellationToken)"/>, inside the caller's
    /// transaction, so the message is stored together with the caller's own rows or not at all.</summary>
    Task<bool> SendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, GrainId target, object message,
        string messageId, CancellationToken cancellationToken = default);
}
