namespace Silo.Media.Posts;

/// <summary>A post's last error, stored as JSON <c>{message, type, timestamp, attempt}</c> as seed 000's <c>media_last_error</c>.</summary>
public sealed record PostError(string Message, string Type, DateTimeOffset Timestamp, int Attempt);
