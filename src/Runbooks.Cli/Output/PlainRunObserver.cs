using Runbooks.Core.Runs;
using Runbooks.Core.Steps;

namespace Runbooks.Cli.Output;

/// <summary>
/// Step lines for a pipe, a file or CI logs: one line when a step starts, one when it ends, log lines indented.
/// No Spectre.Console here: it costs more to load than a cached runbook takes to run.
/// </summary>
internal sealed class PlainRunObserver(TextWriter output) : IRunObserver, IRunReporter
{
    public void StepStarted(string name, int index, bool destructive)
        => output.WriteLine($"==> [{index}] {name}{(destructive ? " (destructive)" : "")}");

    public void StepEnded(StepResult r)
    {
        var detail = r.Outcome switch
        {
            StepOutcome.Failed => $": {r.Error}",
            StepOutcome.Skipped or StepOutcome.Cancelled => $": {r.Reason}",
            _ => "",
        };
        output.WriteLine($"[{Words.Outcome(r.Outcome)}] [{r.Index}] {r.Name} ({Words.Duration(r.Elapsed)}){detail}");
    }

    public void Logged(string message) => output.WriteLine($"    | {message}");

    public void Summary(Runbooks.Scripting.Hosting.ExecOutcome outcome)
    {
        var steps = outcome.Steps;
        var counts = string.Join(", ", steps.GroupBy(s => s.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Words.Outcome(g.Key)}"));
        output.WriteLine($"{steps.Count} step(s){(counts.Length > 0 ? ": " + counts : "")} in {Words.Duration(outcome.Elapsed)}; exit {outcome.ExitCode}"
            + (outcome.JournalPath is null ? "" : $"; journal {Words.Path(outcome.JournalPath)}"));
    }
}
