namespace Silo.Cluster.Tests.Support;

/// <summary>
/// What a PostgreSQL restart did, as seen from outside: whether the server's start time moved (it
/// really restarted), how many connection attempts it refused meanwhile, and how long it was unavailable.
/// </summary>
public sealed record PostgresRestart(bool Restarted, int Refused, TimeSpan Unavailable);
