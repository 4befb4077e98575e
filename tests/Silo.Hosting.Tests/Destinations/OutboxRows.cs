using Silo.Testing;

namespace Silo.Hosting.Tests.Destinations;

/// <summary>What the delivery tests read of the outbox and of a destination's cursor, straight from the tables.</summary>
internal static class OutboxRows
{
    /// <summary>The outbox's events of <paramref name="types"/> after <paramref name="after"/>, in id order.</summary>
    public static async Task<List<long>> EventIdsAsync(this TestDatabase database, long after, params string[] types)
    {
        var ids = new List<long>();
        await using var command = database.DataSource.CreateCommand("select id from notification_events where id > @after and type = any(@t) order by id");
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("t", types);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken)) ids.Add(reader.GetInt64(0));
        return ids;
    }

    public static Task<long> DeliveredThroughAsync(this TestDatabase database, long destination) =>
        database.ScalarAsync<long>("select delivered_through from notification_destinations where id = @id", ("id", destination));
}
