using Runbooks.Core.Steps;

namespace Runbooks.Scripting.Hosting;

/// <summary>How a run ended: what the console summary, <c>--json</c> and the drill harness report.</summary>
/// <param name="ExitCode">The documented exit code.</param>
/// <param name="Error">One redacted sentence when it did not succeed.</param>
/// <param name="RunbookPath">The runbook, when it was found.</param>
/// <param name="JournalPath">The journal written, if any.</param>
/// <param name="Steps">Every step, in order.</param>
/// <param name="Elapsed">Wall time of the run (compile included).</param>
/// <param name="FromCache">Whether the compile was skipped.</param>
/// <param name="ResumedFrom">The journal resumed, if any.</param>
/// <param name="Exception">The redacted exception text, for <c>--verbose</c>.</param>
public sealed record ExecOutcome(int ExitCode, string? Error, string? RunbookPath, string? JournalPath,
    IReadOnlyList<StepResult> Steps, TimeSpan Elapsed, bool FromCache, string? ResumedFrom, string? Exception);
