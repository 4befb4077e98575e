namespace Silo.Media.Posts;

/// <summary>The image a page should show for a post, or none with the reason.</summary>
public sealed record DisplayImageChoice(string? Url, bool HasLocalImage, string? NoImageReason);
