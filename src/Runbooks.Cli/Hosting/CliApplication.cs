using System.CommandLine;
using Runbooks.Cli.Commands;
using Runbooks.Core.Errors;

namespace Runbooks.Cli.Hosting;

/// <summary>The <c>runbooks</c> command: parses, maps usage errors to exit 2, and runs the chosen command.</summary>
public static class CliApplication
{
    /// <summary>Runs the CLI with <paramref name="args"/> and returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        using var session = CliSession.Start();
        var root = new RootCommand("Runbooks: incident runbooks as C# scripts, run for real and drilled against their RTO.")
        {
            ExecCommand.Create(session),
            PlanCommand.Create(session),
            CheckCommand.Create(session),
            ListCommand.Create(session),
        };
        foreach (var extra in CommandCatalog.Extensions(session)) root.Add(extra);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // System.CommandLine would exit 1; the contract says usage errors are 2.
            foreach (var error in parsed.Errors) session.Error(error.Message);
            session.Error("Run 'runbooks --help' for usage.");
            return ExitCodes.BadInput;
        }
        // Each command maps cancellation itself: exec exits 130, sim treats Ctrl-C as its normal stop (exit 0).
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, session.Cancellation)
            .ConfigureAwait(false);
    }
}
