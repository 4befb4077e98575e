namespace Silo.Gateway.Auth;

/// <summary>
/// The three permissions of seed 004, from least to most: each includes the ones before it, so a
/// route names the least it needs and higher keys pass too.
/// </summary>
public static class Permissions
{
    public const string AnalyticsRead = "analytics:read";
    public const string Manager = "manager";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [AnalyticsRead, Manager, Admin];

    /// <summary>The permissions that satisfy a route requiring <paramref name="required"/>.</summary>
    public static string[] Satisfying(string required) => required switch
    {
        AnalyticsRead => [AnalyticsRead, Manager, Admin],
        Manager => [Manager, Admin],
        Admin => [Admin],
        _ => throw new ArgumentOutOfRangeException(nameof(required), required, "Unknown permission."),
    };

    public static bool IsKnown(string permission) => All.Contains(permission);
}
