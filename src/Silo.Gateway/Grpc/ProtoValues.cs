using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace Silo.Gateway.Grpc;

/// <summary>How silo.v1 spells values proto3 has no type for: decimals as exact strings, days as ISO dates, absent times as absent fields.</summary>
internal static class ProtoValues
{
    public static Timestamp? Time(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;

    public static Timestamp Time(DateTimeOffset value) => Timestamp.FromDateTimeOffset(value);

    public static string Decimal(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Day(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Proto3 sends an unset string as empty; the shared operations take null for "not given".</summary>
    public static string? Given(string value) => value.Length == 0 ? null : value;

    /// <summary>Proto3 sends an unset number as 0; the shared operations take null for "not given".</summary>
    public static int? Given(int value) => value == 0 ? null : value;
}
