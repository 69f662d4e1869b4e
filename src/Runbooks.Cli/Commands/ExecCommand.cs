using System.CommandLine;
using Runbooks.Cli.Hosting;
using Runbooks.Core.Errors;
using Runbooks.Scripting.Hosting;

namespace Runbooks.Cli.Commands;

/// <summary><c>exec &lt;runbook&gt; [--param k=v]... [--env NAME] [--dry-run] [--yes] [--journal FILE] [--json]</c> and <c>exec --resume JOURNAL</c>.</summary>
internal static class ExecCommand
{
    public static Command Create(CliSession session)
    {
        var runbook = CommonOptions.Runbook("The runbook: a path, or a name looked up in ./ then runbooks/.");
        var param = CommonOptions.Param();
        var env = CommonOptions.Environment();
        var verbose = CommonOptions.Verbose();
        var dryRun = new Option<bool>("--dry-run") { Description = "Run safe steps; skip destructive ones and report them as would-run." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Run destructive steps without asking (required when not at a terminal)." };
        var journal = new Option<string?>("--journal") { Description = "Where to write the journal (default .runbooks/journal/).", HelpName = "file" };
        var json = new Option<bool>("--json") { Description = "Print one machine-readable result object instead of step lines." };
        var resume = new Option<string?>("--resume") { Description = "Finish the run this journal records: completed steps are skipped.", HelpName = "journal" };

        var command = new Command("exec", "Run a runbook: timed, journaled steps; destructive ones confirmed.")
        {
            runbook, param, env, dryRun, yes, journal, json, resume, verbose,
        };
        command.SetAction(async (parsed, _) =>
        {
            var name = parsed.GetValue(runbook);
            var resumeFrom = parsed.GetValue(resume);
            if (name is null && resumeFrom is null)
            {
                session.Error("exec needs a runbook (exec <runbook>) or a journal to resume (exec --resume <journal>).");
                return ExitCodes.BadInput;
            }
            if (name is not null && name.StartsWith('-'))
            {
                session.Error($"Unrecognized option '{name}'. Run 'runbooks exec --help' for usage.");
                return ExitCodes.BadInput;
            }
            Dictionary<string, string> values;
            try { values = RunbookRunner.Params(parsed.GetValue(param)); }
            catch (BadInputException e) { session.Error(e.Message); return ExitCodes.BadInput; }
            var request = new ExecRequest
            {
                Runbook = name,
                Params = values,
                Mode = RunbookRunner.Mode(parsed.GetValue(dryRun)),
                AssumeYes = parsed.GetValue(yes),
                JournalPath = parsed.GetValue(journal),
                ResumeJournal = resumeFrom,
                EnvironmentName = parsed.GetValue(env),
            };
            return await RunbookRunner.RunAsync(session, request, parsed.GetValue(json), parsed.GetValue(verbose)).ConfigureAwait(false);
        });
        return command;
    }
}
