namespace Runbooks.Drills.Measurement;

/// <summary>
/// The measured points of one drill, all on the drill's single monotonic clock (time since load started):
/// fault injected, detected, responded (runbook started), mitigated (runbook ended), recovered.
/// </summary>
public sealed record DrillTimeline
{
    /// <summary>When the fault was injected; null when it never was (the service never reached a steady state).</summary>
    public TimeSpan? Fault { get; init; }

    /// <summary>
    /// When the load first saw the fault: the first failing moment after the injection, placed inside its bucket by the
    /// share of arrivals that still succeeded. The calibration compares it with <see cref="Fault"/>.
    /// </summary>
    public TimeSpan? FaultSeen { get; init; }

    /// <summary>When the detect criterion first held; null if it never did.</summary>
    public TimeSpan? Detected { get; init; }

    /// <summary>When the runbook started.</summary>
    public TimeSpan? Responded { get; init; }

    /// <summary>When the runbook ended.</summary>
    public TimeSpan? Mitigated { get; init; }

    /// <summary>When a self-healing fault (calibration) was ended by the harness: the injected outage is healed - fault.</summary>
    public TimeSpan? Healed { get; init; }

    /// <summary>
    /// When the runbook was due to start: detection plus the drill's (scaled) human response time. Between this and
    /// <see cref="Responded"/> lies the harness's own reaction (the detecting bucket settling, a poll), which is measured.
    /// </summary>
    public TimeSpan? ResponseDue { get; init; }

    /// <summary>Start of the first sustained healthy window after the fault; null if the service never recovered.</summary>
    public TimeSpan? Recovered { get; init; }

    /// <summary>Measured RTO: recovered - fault.</summary>
    public TimeSpan? Rto => Recovered - Fault;

    /// <summary>Time to detect: detected - fault.</summary>
    public TimeSpan? TimeToDetect => Detected - Fault;

    /// <summary>Human (or trigger) response: responded - detected.</summary>
    public TimeSpan? TimeToRespond => Responded - Detected;

    /// <summary>How long the runbook ran.</summary>
    public TimeSpan? RunbookDuration => Mitigated - Responded;

    /// <summary>From the runbook's end to sustained health (propagation, caches).</summary>
    public TimeSpan? TimeToHeal => Recovered is { } r && Mitigated is { } m ? (r > m ? r - m : TimeSpan.Zero) : null;
}
