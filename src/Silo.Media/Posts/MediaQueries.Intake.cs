using Npgsql;
using Silo.Media.Intake;

namespace Silo.Media.Posts;

public sealed partial class MediaQueries
{
    /// <summary>
    /// A post whose change is acknowledged but not yet picked up by its grain: found in the intake, <c>pending</c>,
    /// with the fields of its newest change and no media yet (the post grain applies the media policy when it stores it).
    /// </summary>
    private async Task<PostDetail?> FindInIntakeAsync(NpgsqlConnection connection, string postId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(IntakeSql.PostIntakeFindNewest, connection);
        command.Parameters.AddWithValue("id", postId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var change = IntakeJson.Read(reader.GetString(1));
        var (newest, first) = (reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3));
        var choice = display.Choose([]);
        return new PostDetail(postId, change.Source, change.SourcePostId, reader.GetString(0), change.Message, change.ItemType, change.Permalink,
            PostStatus.Pending, 0, null, null, null, first, newest, null, choice.Url, choice.HasLocalImage, [], choice.NoImageReason, [],
            Transcripts: []);
    }
}
