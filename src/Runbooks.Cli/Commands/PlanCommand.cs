using System.CommandLine;
using Runbooks.Cli.Hosting;
using Runbooks.Cli.Output;
using Runbooks.Core.Errors;
using Runbooks.Core.Runs;
using Runbooks.Core.Steps;
using Runbooks.Scripting.Caching;
using Runbooks.Scripting.Hosting;

namespace Runbooks.Cli.Commands;

/// <summary><c>plan &lt;runbook&gt;</c>: the steps a run would take, destructive ones marked; no step body runs and nothing is journaled.</summary>
internal static class PlanCommand
{
    public static Command Create(CliSession session)
    {
        var runbook = CommonOptions.Runbook("The runbook: a path, or a name looked up in ./ then runbooks/.");
        var param = CommonOptions.Param();
        var command = new Command("plan", "List the steps a run would take, destructive ones marked, without side effects.")
        {
            runbook, param,
        };
        command.SetAction(async (parsed, _) =>
        {
            var name = parsed.GetValue(runbook);
            if (name is null) { session.Error("plan needs a runbook: plan <runbook>."); return ExitCodes.BadInput; }
            var printer = new PlanPrinter();
            var executor = new RunbookExecutor(new RunbookHost(ScriptCache.Default()), session.Redactor, printer, new TerminalConfirmation(false));
            Dictionary<string, string> values;
            try { values = RunbookRunner.Params(parsed.GetValue(param)); }
            catch (BadInputException e) { session.Error(e.Message); return ExitCodes.BadInput; }
            var outcome = await executor.ExecuteAsync(new ExecRequest { Runbook = name, Params = values, Mode = RunMode.Plan },
                session.Cancellation).ConfigureAwait(false);
            if (outcome.ExitCode is ExitCodes.BadInput or ExitCodes.Cancelled)
            {
                session.Error(outcome.Error!);
                return outcome.ExitCode;
            }
            Console.Out.WriteLine($"Plan for {Words.Path(outcome.RunbookPath!)} ({printer.Steps.Count} step(s); nothing runs):");
            foreach (var s in printer.Steps)
                Console.Out.WriteLine($"  {s.Index,2}. {s.Name}{(s.Destructive ? "   [destructive: asks for confirmation, skipped under --dry-run]" : "")}");
            if (outcome.Error is not null)
                Console.Out.WriteLine($"  (the plan stops here: the rest depends on what the steps above return; {outcome.Error})");
            return ExitCodes.Success;
        });
        return command;
    }

    private sealed class PlanPrinter : IRunObserver
    {
        public List<StepResult> Steps { get; } = [];
        public void StepStarted(string name, int index, bool destructive) { }
        public void StepEnded(StepResult result) => Steps.Add(result);
        public void Logged(string message) { }
    }
}
