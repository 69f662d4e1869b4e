using Runbooks.Core.Errors;

namespace Runbooks.Core.Steps;

/// <summary>A step failed and the runbook stops. Exit 1, or the exit code of the error that failed it (3 for an unreachable environment).</summary>
public sealed class StepFailedException(string stepName, string message, Exception inner)
    : RunbookException($"Step '{stepName}' failed: {message}", (inner as RunbookException)?.ExitCode ?? ExitCodes.Failed, inner)
{
    /// <summary>The step that failed.</summary>
    public string StepName { get; } = stepName;
}

/// <summary>A destructive step was reached without <c>--yes</c> and with no terminal to ask. Exit 2; the step did not run.</summary>
public sealed class ConfirmationRequiredException(string stepName)
    : BadInputException($"Step '{stepName}' is destructive and needs confirmation: run at a terminal to be asked, or pass --yes.")
{
    /// <summary>The step that was refused.</summary>
    public string StepName { get; } = stepName;
}

/// <summary>The operator answered no to a destructive step. Exit 1; the runbook stops there.</summary>
public sealed class StepDeclinedException(string stepName)
    : RunbookException($"Stopped before destructive step '{stepName}': the operator declined it.", ExitCodes.Failed)
{
    /// <summary>The step that was declined.</summary>
    public string StepName { get; } = stepName;
}
