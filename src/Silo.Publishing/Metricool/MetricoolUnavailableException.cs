namespace Silo.Publishing.Metricool;

/// <summary>A read-only call still failed after its retries (or was refused); the caller decides what waits.</summary>
public sealed class MetricoolUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
