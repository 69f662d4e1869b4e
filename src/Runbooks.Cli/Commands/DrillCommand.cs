using System.CommandLine;
using Runbooks.Cli.Hosting;
using Runbooks.Cli.Output;
using Runbooks.Core.Errors;
using Runbooks.Core.Sealing;
using Runbooks.Drills.Baselines;
using Runbooks.Drills.Catalog;
using Runbooks.Drills.Definitions;
using Runbooks.Drills.Harness;
using Runbooks.Drills.Reports;
using Runbooks.Core.Timing;

namespace Runbooks.Cli.Commands;

/// <summary>
/// <c>drill run &lt;drill&gt;... | --all</c>, <c>drill list</c>, <c>drill baseline --update</c>: inject a fault under load,
/// run the runbook, measure RTO and RPO against the table, write the reports, exit 1 on any breach or regression.
/// </summary>
internal static class DrillCommand
{
    public static Command Create(CliSession session)
    {
        var command = new Command("drill", "Run recovery drills: fault, load, runbook, measured RTO/RPO against the table.");
        command.Subcommands.Add(Run(session));
        command.Subcommands.Add(List(session));
        command.Subcommands.Add(Baseline(session));
        return command;
    }

    private static Command Run(CliSession session)
    {
        var (drills, all, reportDir, timeScale, verbose) = Options();
        var command = new Command("run", "Run drills and write JSON, Markdown, JUnit and HTML reports; exit 1 on any RTO/RPO breach or regression.")
            { drills, all, reportDir, timeScale, verbose };
        command.SetAction((parse, _) => Execute(session, parse.GetValue(drills), parse.GetValue(all), parse.GetValue(reportDir),
            parse.GetValue(timeScale), parse.GetValue(verbose), updateBaselines: false));
        return command;
    }

    private static Command Baseline(CliSession session)
    {
        var (drills, all, reportDir, timeScale, verbose) = Options();
        var update = new Option<bool>("--update") { Description = "Run the drills and rewrite drills/baselines.json with their measured overhead." };
        var command = new Command("baseline", "Rewrite drills/baselines.json from a fresh run (--update).") { drills, all, update, reportDir, timeScale, verbose };
        command.SetAction((parse, _) =>
        {
            if (!parse.GetValue(update))
            {
                var store = new BaselineStore(Path.Combine(Directory.GetCurrentDirectory(), DrillCatalog.Folder, BaselineStore.FileName));
                foreach (var (name, overhead) in store.Load()) Console.Out.WriteLine($"{name}  {overhead.TotalMilliseconds:0} ms");
                return Task.FromResult(ExitCodes.Success);
            }
            return Execute(session, parse.GetValue(drills), parse.GetValue(all), parse.GetValue(reportDir), parse.GetValue(timeScale),
                parse.GetValue(verbose), updateBaselines: true);
        });
        return command;
    }

    private static Command List(CliSession session)
    {
        var command = new Command("list", "List the drills in drills/ with their runbook, severity, fault and load.");
        command.SetAction(_ =>
        {
            try
            {
                var cwd = Directory.GetCurrentDirectory();
                var drills = DrillCatalog.Load(DrillCatalog.All(cwd), cwd);
                if (drills.Count == 0) { session.Error($"No drills found in {DrillCatalog.Folder}/."); return ExitCodes.BadInput; }
                var width = Math.Max(5, drills.Max(d => d.Name.Length));
                Console.Out.WriteLine($"{"DRILL".PadRight(width)}  SEV  {"RUNBOOK",-26}  {"FAULT",-22}  LOAD");
                foreach (var d in drills)
                    Console.Out.WriteLine($"{d.Name.PadRight(width)}  {d.Severity,-3}  {(d.Runbook ?? "(calibration)"),-26}  {d.Fault.Kind,-22}  "
                        + $"{d.Load.Rate:0}/s at {d.Load.Target}{(d.Load.WriteRate > 0 ? $" + {d.Load.WriteRate:0} writes/s" : "")}");
                return ExitCodes.Success;
            }
            catch (BadInputException e) { session.Error(e.Message); return ExitCodes.BadInput; }
        });
        return command;
    }

    private static (Argument<string[]>, Option<bool>, Option<string>, Option<double?>, Option<bool>) Options() =>
    (
        new Argument<string[]>("drill") { Description = "Drill names in drills/ or paths to .drill.yaml files.", Arity = ArgumentArity.ZeroOrMore },
        new Option<bool>("--all") { Description = "Every drill in drills/." },
        new Option<string>("--report-dir") { Description = "Where reports go.", HelpName = "DIR", DefaultValueFactory = _ => Path.Combine(".runbooks", "drills") },
        new Option<double?>("--time-scale") { Description = "Multiply every simulated duration and the budget by X (default: the drill's, else .config/drills.json).", HelpName = "X" },
        new Option<bool>("--verbose") { Description = "Also print each runbook step and its log lines as they happen; on failure, the (redacted) exception and stack trace." }
    );

    private static async Task<int> Execute(CliSession session, string[]? names, bool all, string? reportDir, double? timeScale, bool verbose, bool updateBaselines)
    {
        var cwd = Directory.GetCurrentDirectory();
        try
        {
            if (timeScale is <= 0 or > 1) throw new BadInputException($"--time-scale must be above 0 and at most 1, not {timeScale}.");
            if (reportDir is not null && string.IsNullOrWhiteSpace(reportDir)) throw new BadInputException("--report-dir must name a folder.");
            var paths = all ? DrillCatalog.All(cwd) : (names ?? []).Select(n => DrillCatalog.Resolve(n, cwd)).ToList();
            if (paths.Count == 0)
                throw new BadInputException(all ? $"No drills found in {DrillCatalog.Folder}/." : "Name at least one drill (e.g. worker-rollback), or --all.");
            var drills = DrillCatalog.Load(paths, cwd);
            // A drill never reaches production: nothing of the operator's credentials stays in this process.
            ShellCredentials.RemoveFromProcess(session.Redactor);
            var report = Path.GetFullPath(reportDir ?? Path.Combine(".runbooks", "drills"), cwd);
            var runner = new DrillRunner(new DrillRunOptions
            {
                TimeScale = timeScale is { } x ? new TimeScale(x) : null,
                DefaultTimeScale = DrillSettings.Load(cwd).TimeScale,
                ReportDirectory = report,
                WorkingDirectory = cwd,
                RunbookObserver = verbose ? new PlainRunObserver(Console.Out) : null,
                Redactor = session.Redactor,
                Log = line => { Console.Out.WriteLine(line); Console.Out.Flush(); },
                CompareBaselines = !updateBaselines,
            });
            var batch = await runner.RunAsync(drills, session.Cancellation).ConfigureAwait(false);
            Console.Out.WriteLine();
            Console.Out.WriteLine(VerdictTable.Render(batch.Results));
            Console.Out.WriteLine($"reports: {Words.Path(report)} (JSON, Markdown, HTML per drill; junit.xml)");
            if (updateBaselines)
            {
                // A breach or a failed runbook is not a baseline to compare later runs with.
                if (!batch.Passed)
                {
                    session.Error("baselines: not written, because a drill failed; fix it and run `drill baseline --update` again.");
                    return ExitCodes.Failed;
                }
                foreach (var folder in batch.Results.Where(r => r.Timeline.RunbookDuration is not null).GroupBy(r => BaselineStore.For(r.Drill).Path))
                {
                    var store = new BaselineStore(folder.Key);
                    store.Update(folder.ToDictionary(r => r.Drill.Name, r => r.Timeline.RunbookDuration!.Value));
                    Console.Out.WriteLine($"baselines: {folder.Count()} drill(s) written to {Words.Path(store.Path)}");
                }
                return ExitCodes.Success;
            }
            // An invalid run is not a verdict: it says the instrument could not measure, never that the service passed or failed.
            if (batch.Results.Any(r => r.Invalid is not null)) return ExitCodes.EnvironmentUnavailable;
            return batch.Passed ? ExitCodes.Success : ExitCodes.Failed;
        }
        catch (OperationCanceledException) when (session.Cancellation.IsCancellationRequested)
        {
            session.Error("Cancelled: the drill was interrupted; everything it started has been stopped.");
            return ExitCodes.Cancelled;
        }
        catch (RunbookException e)
        {
            session.Error(e.Message);
            if (verbose) Console.Error.WriteLine(e);
            return e.ExitCode;
        }
        catch (OperationCanceledException e)
        {
            // Not Ctrl-C: a timeout (WireMock's admin API, PostgreSQL) inside the drill environment.
            session.Error($"The drill environment did not answer in time: {e.Message}");
            if (verbose) Console.Error.WriteLine(e);
            return ExitCodes.EnvironmentUnavailable;
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or Npgsql.NpgsqlException or IOException or UnauthorizedAccessException)
        {
            // The simulator, the database or the report folder failed under the drill: the environment, not the runbook, is at fault.
            session.Error($"The drill environment failed: {e.Message}");
            if (verbose) Console.Error.WriteLine(e);
            return ExitCodes.EnvironmentUnavailable;
        }
    }
}
