using Runbooks.Core.Steps;

namespace Runbooks.Core.Runs;

/// <summary>Watches a run as it happens (the console's live step list, the <c>--json</c> result). All text is already redacted.</summary>
public interface IRunObserver
{
    /// <summary>A step began.</summary>
    void StepStarted(string name, int index, bool destructive);

    /// <summary>A step ended (or was skipped, planned, or cancelled).</summary>
    void StepEnded(StepResult result);

    /// <summary>The runbook logged a line.</summary>
    void Logged(string message);
}
