using System.Text.Json;
using Silo.Insights.Creatives;

namespace Silo.Insights.Queries;

public sealed partial class InsightsQueries
{
    /// <summary>The creative of an ad already found in the caller's scope, with its archived files; null when none was listed.</summary>
    public async Task<AdCreativeView?> CreativeAsync(string adId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            select c.creative_id, c.status, c.attempts, c.error, c.next_attempt_at, c.archived_at, c.name, c.title, c.body, c.video_id,
                   c.object_story_spec::text, f.role, f.public_url, f.mime_type, f.size, f.width, f.height, f.duration_seconds,
                   f.preview_url, f.sha256, f.original_url
              from ad_creatives c left join ad_creative_files f on f.ad_id = c.ad_id
             where c.ad_id = @id
            """);
        command.Parameters.AddWithValue("id", adId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        AdCreativeView? view = null;
        var files = new Dictionary<string, AdCreativeFileView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            DateTimeOffset? Time(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
            view ??= new AdCreativeView(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), Text(3), Time(4), Time(5), Text(6), Text(7),
                Text(8), Text(9), Text(10) is { } spec ? JsonDocument.Parse(spec).RootElement.Clone() : null, null, null, null);
            if (Text(11) is { } role)
                files[role] = new AdCreativeFileView(Text(12), reader.GetString(13), reader.GetInt64(14),
                    reader.IsDBNull(15) ? null : reader.GetInt32(15), reader.IsDBNull(16) ? null : reader.GetInt32(16),
                    reader.IsDBNull(17) ? null : reader.GetDouble(17), Text(18), reader.GetString(19), reader.GetString(20));
        }
        return view is null ? null : view with
        {
            Image = files.GetValueOrDefault("image"), Video = files.GetValueOrDefault("video"), Thumbnail = files.GetValueOrDefault("thumbnail"),
        };
    }
}
