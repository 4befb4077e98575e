using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Silo.Hosting.Database;
using Silo.Testing;

namespace Silo.Hosting.Tests.Database;

/// <summary>
/// A node hung mid-transaction (SIGSTOP between a write and its commit) keeps its socket open, so its
/// row locks would outlive its death and hold up the node that takes its grains over. Silo's
/// connections carry <c>idle_in_transaction_session_timeout</c>: PostgreSQL ends such a session.
/// </summary>
public sealed class IdleTransactionTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SiloConnection_HungInsideATransaction_EndedSoItsRowLockGoes()
    {
        await database.ExecuteAsync("create table if not exists idle_probe (id int primary key, value int not null); insert into idle_probe values (1, 0) on conflict do nothing");
        await using var services = new ServiceCollection()
            .AddSiloDatabase(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Silo"] = database.ConnectionString,
                ["Silo:Database:IdleInTransactionTimeout"] = "00:00:02",
            }).Build())
            .BuildServiceProvider();
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();

        // The "hung node": a row written inside a transaction that is never committed. Its session is kept
        // busy (waiting on an advisory lock this test holds) until the other write is seen blocked on it, so
        // PostgreSQL's idle clock starts only once the test has proven the lock held, however slow the machine.
        await using var gate = await database.DataSource.OpenConnectionAsync(Ct);
        await using (var hold = new NpgsqlCommand("select pg_advisory_lock(4242)", gate)) await hold.ExecuteNonQueryAsync(Ct);
        await using var hung = await dataSource.OpenConnectionAsync(Ct);
        await using var transaction = await hung.BeginTransactionAsync(Ct);
        await using (var write = new NpgsqlCommand("update idle_probe set value = 1 where id = 1", hung, transaction))
            await write.ExecuteNonQueryAsync(Ct);
        await using var busy = new NpgsqlCommand("select pg_advisory_xact_lock(4242)", hung, transaction);
        var hungBusy = busy.ExecuteNonQueryAsync(Ct);

        // Another node's write of the same row waits for the lock, then proceeds once PostgreSQL has
        // ended the idle session (well before this connection's own 30 s command timeout).
        await using var other = new NpgsqlConnection(database.ConnectionString);
        await other.OpenAsync(Ct);
        await using var otherWrite = new NpgsqlCommand("update idle_probe set value = 2 where id = 1", other) { CommandTimeout = 30 };
        var written = otherWrite.ExecuteNonQueryAsync(Ct);
        await Eventually.UntilAsync(async () => await database.ScalarAsync<bool>(
                "select @hung = any(pg_blocking_pids(@other))", ("hung", hung.ProcessID), ("other", other.ProcessID)),
            "the second write waits for the hung transaction's row lock");
        Assert.False(written.IsCompleted);

        // The hung session now goes idle inside its transaction: PostgreSQL ends it after 2 s.
        await using (var release = new NpgsqlCommand("select pg_advisory_unlock(4242)", gate)) await release.ExecuteNonQueryAsync(Ct);
        await hungBusy;
        Assert.Equal(1, await written);

        Assert.Equal(2, await database.ScalarAsync<int>("select value from idle_probe where id = 1"));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => transaction.CommitAsync(Ct));
    }
}
