namespace Runbooks.Drills.Measurement;

/// <summary>Where a span of a drill's timeline comes from, which decides how it is projected to the real world.</summary>
public enum SpanKind
{
    /// <summary>What really happened on this machine (the runbook's work, API round trips, a restore): kept as measured.</summary>
    Measured,

    /// <summary>What the providers do on their own time (propagation, an API outage, a back-off, a backup's age): divided by the scale.</summary>
    Simulated,

    /// <summary>What the drill file declares about people and alerting (the alert rule's window, the response time): divided by the scale.</summary>
    Assumed,
}
