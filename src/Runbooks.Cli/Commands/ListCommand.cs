using System.CommandLine;
using Runbooks.Cli.Hosting;
using Runbooks.Core.Catalog;
using Runbooks.Core.Errors;
using Runbooks.Scripting.Hosting;

namespace Runbooks.Cli.Commands;

/// <summary><c>list</c>: every runbook with its description, severity and claimed recovery time, read from its header without running it.</summary>
internal static class ListCommand
{
    public static Command Create(CliSession session)
    {
        var command = new Command("list", "List runbooks with description, severity and claimed recovery time.");
        command.SetAction(_ =>
        {
            var paths = RunbookLocator.All();
            if (paths.Count == 0) { session.Error("No runbooks found in runbooks/."); return ExitCodes.BadInput; }
            var rows = paths.Select(p => (Name: Path.GetFileNameWithoutExtension(p), Header: RunbookHeader.Read(p))).ToList();
            var width = Math.Max(7, rows.Max(r => r.Name.Length));
            Console.Out.WriteLine($"{"RUNBOOK".PadRight(width)}  SEVERITY  RECOVERY    DESCRIPTION");
            foreach (var (name, h) in rows)
                Console.Out.WriteLine($"{name.PadRight(width)}  {(h.Severity ?? "-"),-8}  {(h.Recovery ?? "-"),-10}  {h.Description ?? "(no header comment)"}");
            return ExitCodes.Success;
        });
        return command;
    }
}
