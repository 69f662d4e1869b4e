using System.CommandLine;
using Runbooks.Cli.Hosting;
using Runbooks.Core.Errors;
using Runbooks.Drills.Environments.Simulator;

namespace Runbooks.Cli.Commands;

/// <summary>
/// <c>sim [--port N]</c>: runs the simulated Cloudflare and Vercel APIs and services in the foreground, prints where they
/// are and the <c>export</c> lines that point runbooks (or wrangler and vercel) at them, and stops them on Ctrl-C.
/// </summary>
internal static class SimCommand
{
    public static Command Create(CliSession session)
    {
        var port = new Option<int>("--port") { Description = "The port to listen on (default: a free one).", HelpName = "N" };
        var propagation = new Option<double>("--propagation")
        {
            Description = "Seconds between a rollback and the simulated service serving the restored version (default 2).",
            HelpName = "seconds",
            DefaultValueFactory = _ => 2,
        };
        var command = new Command("sim", "Run the simulated Cloudflare and Vercel APIs and services until Ctrl-C.") { port, propagation };
        command.SetAction(async (parse, _) =>
        {
            try
            {
                await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions
                {
                    Port = parse.GetValue(port),
                    PropagationDelay = TimeSpan.FromSeconds(parse.GetValue(propagation)),
                }, session.Cancellation).ConfigureAwait(false);
                Console.Out.WriteLine(sim.Describe());
                Console.Out.WriteLine();
                Console.Out.WriteLine("# Point runbooks at the simulator:");
                Console.Out.WriteLine(sim.ExportLines());
                Console.Out.WriteLine();
                Console.Out.WriteLine("Running; Ctrl-C stops it.");
                Console.Out.Flush();
                try { await Task.Delay(Timeout.Infinite, session.Cancellation).ConfigureAwait(false); }
                catch (OperationCanceledException) { }
                return ExitCodes.Success;
            }
            catch (OperationCanceledException) when (session.Cancellation.IsCancellationRequested)
            {
                return ExitCodes.Cancelled;
            }
            catch (RunbookException e)
            {
                session.Error(e.Message);
                return e.ExitCode;
            }
        });
        return command;
    }
}
