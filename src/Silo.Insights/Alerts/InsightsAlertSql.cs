using Npgsql;

namespace Silo.Insights.Alerts;

/// <summary>
/// <c>insights_alerts</c> statements for a batch: at most one open alert of a kind per account (sql/005's partial unique
/// index), so opening one again changes nothing and whoever writes it late is harmless.
/// </summary>
internal static class InsightsAlertSql
{
    public static NpgsqlBatchCommand Open(InsightsAlertRaise alert)
    {
        var command = new NpgsqlBatchCommand("""
            insert into insights_alerts (account_id, kind, message) values (@account, @kind, @message)
            on conflict (account_id, kind) where resolved_at is null do nothing
            """);
        command.Parameters.AddWithValue("account", alert.AccountId);
        command.Parameters.AddWithValue("kind", alert.Kind);
        command.Parameters.AddWithValue("message", alert.Message);
        return command;
    }

    public static NpgsqlBatchCommand Resolve(string accountId, string kind)
    {
        var command = new NpgsqlBatchCommand(
            "update insights_alerts set resolved_at = now() where account_id = @account and kind = @kind and resolved_at is null");
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("kind", kind);
        return command;
    }
}
