namespace Silo.Media.Intake;

/// <summary>One change waiting in the intake: its row id (the order), its post, and the change as stored JSON.</summary>
public sealed record IntakeRow(long Id, string PostId, string Tenant, string Change, int Attempts);

/// <summary>A row whose hand-over failed: when it is tried again, or that it is parked (tried no more).</summary>
public sealed record IntakeFailure(IntakeRow Row, string Error, DateTimeOffset? NextAttemptAt, DateTimeOffset? ParkedAt);
