using System.Text;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Silo.Gateway.Operations;

namespace Silo.Gateway.Grpc;

/// <summary>
/// Failures as gRPC statuses: INVALID_ARGUMENT carries a <c>google.rpc.BadRequest</c> naming each
/// field by its proto path (<c>clips[2].url</c>) in the <c>grpc-status-details-bin</c> trailer, and its
/// message names the fields too, for clients that do not read details; NOT_FOUND, FAILED_PRECONDITION
/// and ALREADY_EXISTS carry a message for a person.
/// </summary>
public static partial class GrpcErrors
{
    public static RpcException From<T>(OperationResult<T> result) => result.Failure switch
    {
        OperationFailure.Invalid => InvalidArgument(result.Errors!),
        OperationFailure.NotFound => new RpcException(new global::Grpc.Core.Status(StatusCode.NotFound, result.Detail ?? "Not found.")),
        OperationFailure.Conflict => new RpcException(new global::Grpc.Core.Status(StatusCode.FailedPrecondition, result.Detail ?? "Conflict.")),
        OperationFailure.AlreadyExists => new RpcException(new global::Grpc.Core.Status(StatusCode.AlreadyExists, result.Detail ?? "Already exists.")),
        _ => throw new ArgumentException("The operation succeeded; there is no error to send.", nameof(result)),
    };

    /// <summary>INVALID_ARGUMENT for the fields in <paramref name="errors"/> (HTTP's names, turned into proto field paths).</summary>
    public static RpcException InvalidArgument(IReadOnlyDictionary<string, string[]> errors)
    {
        var badRequest = new BadRequest();
        var httpNames = HttpNamesIn(errors.Keys);
        foreach (var (field, messages) in errors)
            foreach (var message in messages)
                badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = ProtoField(field), Description = ProtoNames(message, httpNames) });
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = "Invalid " + string.Join("; ", badRequest.FieldViolations.Select(v => $"{v.Field}: {v.Description}")),
            Details = { Any.Pack(badRequest) },
        };
        return status.ToRpcException();
    }

    /// <summary>The fields' names as HTTP spells them where proto spells them otherwise (<c>scheduledFor</c>, <c>Idempotency-Key</c>).</summary>
    private static HashSet<string> HttpNamesIn(IEnumerable<string> fields) =>
        [.. fields.SelectMany(f => f.Split(['.', '[', ']'], StringSplitOptions.RemoveEmptyEntries)).Where(n => ProtoField(n) != n)];

    /// <summary>
    /// A message written for HTTP ("scheduledFor must be in the future.") with each field named as the proto names it,
    /// like the violation's field path beside it. Other words are left alone, even camelCase ones (Metricool's blogId).
    /// </summary>
    private static string ProtoNames(string message, HashSet<string> httpNames) =>
        httpNames.Count == 0 ? message : HttpName().Replace(message, m => httpNames.Contains(m.Value) ? ProtoField(m.Value) : m.Value);

    [System.Text.RegularExpressions.GeneratedRegex(@"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")]
    private static partial System.Text.RegularExpressions.Regex HttpName();

    /// <summary>INVALID_ARGUMENT for one field.</summary>
    public static RpcException InvalidArgument(string field, string message) =>
        InvalidArgument(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>Throws INVALID_ARGUMENT when a required string field is empty (proto3 cannot tell absent from empty).</summary>
    public static string Required(string value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw InvalidArgument(field, "is required.") : value;

    /// <summary>
    /// The proto path of a field named as the HTTP API names it: <c>postId</c> → <c>post_id</c>,
    /// <c>media[0].url</c> unchanged, the <c>Idempotency-Key</c> header → <c>idempotency_key</c>.
    /// </summary>
    public static string ProtoField(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '-') text.Append('_');
            else if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]))) text.Append('_');
                text.Append(char.ToLowerInvariant(c));
            }
            else text.Append(c);
        }
        return text.ToString();
    }
}
