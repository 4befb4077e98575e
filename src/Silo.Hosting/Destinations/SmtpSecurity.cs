namespace Silo.Hosting.Destinations;

/// <summary>How Silo protects its connection to the SMTP relay.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS, refused if the relay does not offer it (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,

    /// <summary>No TLS at all: only for a relay on the same host or a trusted network (a local Postfix, a test relay).</summary>
    None,
}
