namespace Runbooks.Drills.Measurement;

/// <summary>The phases of an outage, in the order they happen.</summary>
public enum DrillPhase
{
    /// <summary>Before the fault: the age of the backup a restore goes back to.</summary>
    BeforeFault,

    /// <summary>From the fault until the alert fires.</summary>
    Detection,

    /// <summary>From the alert until the runbook starts.</summary>
    Response,

    /// <summary>While the runbook runs.</summary>
    Runbook,

    /// <summary>From the runbook's end (or, with no runbook, the alert) until the service is stable again.</summary>
    Recovery,
}
