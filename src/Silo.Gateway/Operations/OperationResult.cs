namespace Silo.Gateway.Operations;

/// <summary>How an operation that both surfaces run (HTTP routes, gRPC methods) ended, before either turns it into its own answer.</summary>
public enum OperationFailure { None, Invalid, NotFound, Conflict, AlreadyExists }

/// <summary>
/// A value, or why there is none: <see cref="Errors"/> by field for <see cref="OperationFailure.Invalid"/>
/// (HTTP's field names; gRPC names the proto field), otherwise a <see cref="Detail"/> for a person.
/// </summary>
public sealed record OperationResult<T>(T? Value, OperationFailure Failure, IReadOnlyDictionary<string, string[]>? Errors, string? Detail)
{
    public bool Succeeded => Failure == OperationFailure.None;

    public static OperationResult<T> Ok(T value) => new(value, OperationFailure.None, null, null);

    public static OperationResult<T> Invalid(Dictionary<string, string[]> errors) => new(default, OperationFailure.Invalid, errors, null);

    public static OperationResult<T> Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static OperationResult<T> NotFound(string detail) => new(default, OperationFailure.NotFound, null, detail);

    public static OperationResult<T> Conflict(string detail) => new(default, OperationFailure.Conflict, null, detail);

    public static OperationResult<T> AlreadyExists(string detail) => new(default, OperationFailure.AlreadyExists, null, detail);
}
