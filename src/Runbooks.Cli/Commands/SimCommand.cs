using System.CommandLine;
using Runbooks.Cli.Hosting;
using Runbooks.Core.Errors;
using Runbooks.Drills.Environments.Simulator;

namespace Runbooks.Cli.Commands;

/// <summary>
/// <c>sim [--port N] [--estate FILE]</c>: runs the simulated Cloudflare and Vercel APIs and the estate's services in the
/// foreground, prints each service's URL and the <c>export</c> lines that point runbooks (or wrangler and vercel) at them,
/// and stops them on Ctrl-C.
/// </summary>
internal static class SimCommand
{
    public static Command Create(CliSession session)
    {
        var port = new Option<int>("--port") { Description = "The port to listen on (default: a free one).", HelpName = "N" };
        var propagation = new Option<double>("--propagation")
        {
            Description = "Seconds between a deployment (a rollback) and the simulated service serving it, and of a Vercel alias job (default 2).",
            HelpName = "seconds",
            DefaultValueFactory = _ => 2,
        };
        var estate = new Option<FileInfo?>("--estate")
        {
            Description = "The estate to simulate (default: .config/estate.yaml of the repository).",
            HelpName = "FILE",
        };
        var command = new Command("sim", "Run the simulated Cloudflare and Vercel APIs and services of the estate until Ctrl-C.") { port, propagation, estate };
        command.SetAction(async (parse, _) =>
        {
            try
            {
                var seconds = parse.GetValue(propagation);
                if (seconds < 0 || double.IsNaN(seconds)) throw new BadInputException($"--propagation {seconds} must be 0 or more seconds.");
                var file = parse.GetValue(estate);
                if (file is not null && !file.Exists) throw new BadInputException($"--estate {file.FullName} does not exist.");
                await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions
                {
                    Port = parse.GetValue(port),
                    EstatePath = file?.FullName,
                    Timings = Drills.Environments.Simulator.Model.ProviderTimings.Default.WithPropagation(TimeSpan.FromSeconds(seconds)),
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
