using System.Text.Json;
using Silo.Media.Posts;

namespace Silo.Media.Intake;

/// <summary>A <see cref="PostReceived"/> as the intake's <c>change</c> column holds it (JSON, camelCase).</summary>
internal static class IntakeJson
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Write(PostReceived post) => JsonSerializer.Serialize(post, Json);

    /// <summary>The change, or a <see cref="JsonException"/> for a row no build of Silo can read.</summary>
    public static PostReceived Read(string json) =>
        JsonSerializer.Deserialize<PostReceived>(json, Json) ?? throw new JsonException("The change is null.");
}
