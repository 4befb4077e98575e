using System.ComponentModel.DataAnnotations;

namespace Silo.Gateway.Auth;

/// <summary>How long a browser's sign-in lasts. Section <c>Silo:Gateway:Sessions</c>; every value has a working default.</summary>
public sealed class SessionOptions
{
    public const string Section = "Silo:Gateway:Sessions";

    /// <summary>How long a session lasts without use; each use within it extends it. Default 8 h.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")] public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// Longest a session lasts from sign-in, however often it is used: then the browser signs in again
    /// with its key. Default 12 h (a working day and some).
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")] public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);
}
