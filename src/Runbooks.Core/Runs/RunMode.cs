namespace Runbooks.Core.Runs;

/// <summary>Which host a runbook runs under; the same script serves all three.</summary>
public enum RunMode
{
    /// <summary>For real: every step runs.</summary>
    Execute,
    /// <summary><c>--dry-run</c>: safe steps run, destructive ones are skipped and reported as would-run.</summary>
    DryRun,
    /// <summary><c>plan</c>: no step body runs; the steps are listed.</summary>
    Plan,
}
