using Npgsql;
using Silo.Hosting.Storage;

namespace Silo.Media.Posts;

/// <summary>
/// Files the latest integrity scrub could not repair (the <c>damaged_files</c> view, sql/031), and the stamp that lifts the
/// mark once the object is put back.
/// </summary>
public static partial class MediaFileRows
{
    /// <summary>Whether the latest scrub left the stored object of <paramref name="sha256"/> missing or corrupted.</summary>
    public static async Task<bool> IsDamagedAsync(NpgsqlDataSource database, string sha256, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("select exists (select 1 from damaged_files where sha256 = @sha256)");
        command.Parameters.Add(new NpgsqlParameter<string>("sha256", sha256));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Stamps files whose objects were just put back under their keys, which ends their scrub's mark.</summary>
    public static NpgsqlBatchCommand StoredAgain(IReadOnlyCollection<string> hashes) =>
        new NpgsqlBatchCommand(StoredAgainSql).With("hashes", hashes.ToArray());

    /// <inheritdoc cref="StoredAgain"/>
    public static async Task StoredAgainAsync(NpgsqlDataSource database, string sha256, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(StoredAgainSql);
        command.Parameters.Add(new NpgsqlParameter<string[]>("hashes", [sha256]));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string StoredAgainSql = "update media_files set stored_again_at = now() where sha256 = any(@hashes::text[])";
}
