using System.Text.Json;

namespace Silo.Benchmarks.Running;

/// <summary>How every benchmark prints its figures.</summary>
internal static class Json
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void Print(object figures) => Console.WriteLine(JsonSerializer.Serialize(figures, Options));
}
