namespace Runbooks.Core.Steps;

/// <summary>How a step ended, as the journal records it.</summary>
public enum StepOutcome
{
    /// <summary>The body ran and returned.</summary>
    Ok,
    /// <summary>The body threw, or timed out after its retries.</summary>
    Failed,
    /// <summary>The body did not run: dry run, plan, declined, or already completed in the journal being resumed.</summary>
    Skipped,
    /// <summary>The run was cancelled while the step ran.</summary>
    Cancelled,
}

/// <summary>Journal spelling of outcomes.</summary>
public static class StepOutcomeNames
{
    /// <summary>The lower-case word the journal and reports use.</summary>
    public static string ToJournalName(this StepOutcome outcome) => outcome switch
    {
        StepOutcome.Ok => "ok",
        StepOutcome.Failed => "failed",
        StepOutcome.Skipped => "skipped",
        _ => "cancelled",
    };
}
