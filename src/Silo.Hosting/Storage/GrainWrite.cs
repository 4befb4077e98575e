using Npgsql;

namespace Silo.Hosting.Storage;

/// <summary>
/// One write of a grain's state as <see cref="RelationalGrainStorage{TState}"/> sends it: the statement
/// that stores the grain's own row, which the storage checks against the version, and the statements
/// stored with it in the same transaction.
/// </summary>
/// <param name="OwnRow">
/// The insert or update of the grain's own row. It touches the row only when its stored version is the
/// expected one (0: no row yet), sets the version to the expected one plus one, and has no RETURNING
/// clause: the storage counts the rows it wrote and raises unless it is exactly one.
/// </param>
public sealed record GrainWrite(NpgsqlBatchCommand OwnRow)
{
    /// <summary>The statements that run after <see cref="OwnRow"/>, in this order, only if it wrote.</summary>
    public List<NpgsqlBatchCommand> With { get; } = [];
}
