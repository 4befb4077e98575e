using Npgsql;

namespace Silo.Hosting.Storage;

/// <summary>
/// Adds a statement's parameters typed by their C# type (<see cref="NpgsqlParameter{T}"/>), so a null is
/// sent as a null of the column's type rather than guessed from the parameter's name.
/// </summary>
public static class SqlParameters
{
    /// <summary>Adds <paramref name="value"/> as the parameter <paramref name="name"/>, typed by <typeparamref name="T"/>.</summary>
    public static NpgsqlBatchCommand With<T>(this NpgsqlBatchCommand command, string name, T value)
    {
        command.Parameters.Add(new NpgsqlParameter<T>(name, value));
        return command;
    }
}
