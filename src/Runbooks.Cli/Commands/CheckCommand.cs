using System.CommandLine;
using Runbooks.Cli.Hosting;
using Runbooks.Cli.Output;
using Runbooks.Core.Errors;
using Runbooks.Scripting.Caching;
using Runbooks.Scripting.Hosting;

namespace Runbooks.Cli.Commands;

/// <summary><c>check [runbook...]</c>: compile runbooks (all of <c>runbooks/</c> by default) and print diagnostics as <c>file(line,col): error CSxxxx: message</c>.</summary>
internal static class CheckCommand
{
    public static Command Create(CliSession session)
    {
        var runbooks = new Argument<string[]>("runbook") { Description = "Runbooks to check (default: every runbooks/*.csx).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("check", "Compile runbooks and print their diagnostics; exit 2 if any has an error.") { runbooks };
        command.SetAction(parsed =>
        {
            var names = parsed.GetValue(runbooks) ?? [];
            IReadOnlyList<string> paths;
            try { paths = names.Length > 0 ? names.Select(n => RunbookLocator.Resolve(n)).ToList() : RunbookLocator.All(); }
            catch (BadInputException e) { session.Error(e.Message); return ExitCodes.BadInput; }
            if (paths.Count == 0) { session.Error("No runbooks to check: runbooks/ has no .csx file."); return ExitCodes.BadInput; }

            var host = new RunbookHost(ScriptCache.Default());
            var failed = 0;
            foreach (var path in paths)
            {
                var result = host.Check(path);
                foreach (var line in result.Errors.Concat(result.Warnings)) Console.Out.WriteLine(line);
                if (result.Errors.Count > 0) failed++;
                else Console.Out.WriteLine($"{Words.Path(path)}: ok{(result.Warnings.Count > 0 ? $" ({result.Warnings.Count} warning(s))" : "")}");
            }
            Console.Out.WriteLine($"{paths.Count} runbook(s) checked, {failed} with errors.");
            return failed > 0 ? ExitCodes.BadInput : ExitCodes.Success;
        });
        return command;
    }
}
