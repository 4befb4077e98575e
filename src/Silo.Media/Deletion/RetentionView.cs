namespace Silo.Media.Deletion;

/// <summary>
/// The deletion settings in force, the same for every tenant (<see cref="DeletionOptions"/>): how long each source's posts are
/// kept (null: for ever) and how long a file nothing refers to any more stays in the store.
/// </summary>
public sealed record RetentionView(TimeSpan GracePeriod, IReadOnlyList<SourceRetention> Sources);

/// <summary>One source's retention: its posts are deleted once older than <see cref="KeepFor"/>; null keeps them for ever.</summary>
public sealed record SourceRetention(string Source, TimeSpan? KeepFor);
