namespace Runbooks.Core.Journal;

/// <summary>The event names a journal holds, in the order a run writes them.</summary>
public static class JournalEvents
{
    /// <summary>First event: runbook path, non-secret params, mode. Enough for <c>exec --resume</c>.</summary>
    public const string RunStart = "run.start";
    /// <summary>A resumed run continues this journal.</summary>
    public const string RunResume = "run.resume";
    /// <summary>A step began.</summary>
    public const string StepStart = "step.start";
    /// <summary>A step ended with an outcome.</summary>
    public const string StepEnd = "step.end";

    /// <summary>A sub-procedure (another runbook run by this one) starts: its name path and params.</summary>
    public const string ProcedureStart = "procedure.start";

    /// <summary>A sub-procedure ends: its outcome and duration.</summary>
    public const string ProcedureEnd = "procedure.end";
    /// <summary>A line the runbook logged.</summary>
    public const string Log = "log";
    /// <summary>The incident changed: declared, severity set, a note on the timeline.</summary>
    public const string Incident = "incident";
    /// <summary>Last event: outcome and exit code.</summary>
    public const string RunEnd = "run.end";
}
