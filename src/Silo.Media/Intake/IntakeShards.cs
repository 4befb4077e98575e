using System.Text;

namespace Silo.Media.Intake;

/// <summary>
/// Which shard picks a post up. The hash must be the same on every node and in every process (string.GetHashCode is
/// randomised per process), so it is FNV-1a over the key's UTF-8 bytes.
/// </summary>
public static class IntakeShards
{
    public static int Of(string postKey, int shards)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(postKey)) hash = (hash ^ b) * 16777619u;
        return (int)(hash % (uint)shards);
    }
}
