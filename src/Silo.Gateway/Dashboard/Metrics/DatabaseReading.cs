using Microsoft.Extensions.Logging;
using Npgsql;

namespace Silo.Gateway.Dashboard.Metrics;

/// <summary>
/// One module's figures read from its tables, at most once per <c>maxAge</c> whatever the number of
/// scrapers or instruments: observable instruments are read synchronously on each collection, so the
/// first one past the age reads the database (a few aggregate queries, bounded by a timeout) and the
/// others share the result. A failed read keeps the last figures, so a scrape never fails over it.
/// </summary>
internal sealed partial class DatabaseReading<T>(NpgsqlDataSource database, Func<NpgsqlConnection, CancellationToken, Task<T>> read,
    TimeSpan maxAge, ILogger logger) where T : class
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly Lock _lock = new();
    private long _readAt;
    private T? _value;

    public T? Current()
    {
        lock (_lock)
        {
            if (_value is not null && TimeProvider.System.GetElapsedTime(_readAt) < maxAge) return _value;
            try
            {
                using var timeout = new CancellationTokenSource(Timeout);
                _value = ReadAsync(timeout.Token).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
            {
                LogReadFailed(e, typeof(T).Name);
            }
            _readAt = TimeProvider.System.GetTimestamp();
            return _value;
        }
    }

    private async Task<T> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await read(connection, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading {Figures} for /metrics failed; the last figures are kept")]
    private partial void LogReadFailed(Exception error, string figures);
}
