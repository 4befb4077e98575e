namespace Silo.Media.Deletion;

/// <summary>The purge grains' keys: <c>{tenant}|{source}</c>, <c>*</c> for every source.</summary>
public static class PurgeIds
{
    public static string Key(string tenant, string? source) => $"{tenant}|{source ?? "*"}";

    public static (string Tenant, string? Source) Parse(string key)
    {
        var at = key.LastIndexOf('|');
        var source = key[(at + 1)..];
        return (key[..at], source == "*" ? null : source);
    }
}
