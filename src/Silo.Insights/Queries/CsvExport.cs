using System.Globalization;
using System.Text;
using Npgsql;

namespace Silo.Insights.Queries;

/// <summary>
/// GET /meta/insights/export.csv: the stored rows of one level over a range, streamed straight from
/// the database to the response (never the whole export in memory). RFC 4180, invariant culture.
/// Every write observes <c>cancellationToken</c>, so the caller's deadline ends a write a slow client holds up.
/// </summary>
public sealed class CsvExport(NpgsqlDataSource database)
{
    public const string Header = "date_start,date_end,account_id,campaign_id,adset_id,ad_id,entity_type,spend,impressions,clicks,conversions,revenue,ctr,cpc,roas,frequency,reach,unique_clicks,cost_per_conversion";

    public async Task WriteAsync(Stream output, string? tenant, string level, DateRange range, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(Header.AsMemory(), cancellationToken);
        await using var command = database.CreateCommand("""
            select i.date_start, i.date_end, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.entity_type, i.spend, i.impressions, i.clicks,
                   i.conversions, i.revenue, i.ctr, i.cpc, i.roas, i.frequency, i.reach, i.unique_clicks, i.cost_per_conversion
              from meta_ad_insights i join ad_accounts a on a.account_id = i.account_id
             where i.entity_type = @level and i.date_start between @start and @end and (@tenant::text is null or a.tenant = @tenant::text)
             order by i.date_start, i.campaign_id, i.adset_id nulls first, i.ad_id nulls first
            """);
        command.Parameters.AddWithValue("level", level);
        command.Parameters.AddWithValue("start", range.Start);
        command.Parameters.AddWithValue("end", range.End);
        command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)tenant ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var fields = new string[reader.FieldCount];
        while (await reader.ReadAsync(cancellationToken))
        {
            for (var i = 0; i < fields.Length; i++)
                fields[i] = reader.IsDBNull(i) ? "" : Field(reader.GetValue(i));
            await writer.WriteLineAsync(string.Join(',', fields).AsMemory(), cancellationToken);
        }
    }

    private static string Field(object value)
    {
        var text = value switch
        {
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
