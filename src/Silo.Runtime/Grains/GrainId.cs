namespace Silo.Runtime.Grains;

/// <summary>A grain's identity: its type name and its key, both strings (<c>post/ig:1789…</c>).</summary>
public readonly record struct GrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";

    /// <summary>Parses <c>type/key</c>; the key may itself contain slashes.</summary>
    public static GrainId Parse(string value)
    {
        var slash = value.IndexOf('/');
        if (slash <= 0 || slash == value.Length - 1)
            throw new FormatException($"'{value}' is not a grain id of the form type/key.");
        return new GrainId(value[..slash], value[(slash + 1)..]);
    }

    public static bool TryParse(string? value, out GrainId id)
    {
        id = default;
        if (value is null) return false;
        var slash = value.IndexOf('/');
        if (slash <= 0 || slash == value.Length - 1) return false;
        id = new GrainId(value[..slash], value[(slash + 1)..]);
        return true;
    }
}
