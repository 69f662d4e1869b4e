namespace Runbooks.Core.Steps;

/// <summary>What one step did: the line of the summary table and of the journal's <c>step.end</c> event.</summary>
/// <param name="Name">The step's name as the runbook gives it.</param>
/// <param name="Index">1-based position in the run.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Elapsed">Wall time of the step, retries included.</param>
/// <param name="Destructive">Whether the step was declared destructive.</param>
/// <param name="Error">The (redacted) error message when it failed.</param>
/// <param name="Reason">Why it was skipped or cancelled, when it was.</param>
/// <param name="Attempts">How many times the body ran.</param>
public sealed record StepResult(string Name, int Index, StepOutcome Outcome, TimeSpan Elapsed, bool Destructive,
    string? Error = null, string? Reason = null, int Attempts = 1)
{
    /// <summary>
    /// When the step began, as a timestamp of the run's <see cref="TimeProvider"/> (a drill places it on its own timeline
    /// with it); null for a step that never ran.
    /// </summary>
    public long? StartTimestamp { get; init; }
}
