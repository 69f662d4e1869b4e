using System.CommandLine;
using Runbooks.Cli.Hosting;
using Runbooks.Cli.Output;
using Runbooks.Core.Errors;
using Runbooks.Core.Sealing;
using Runbooks.Drills.Baselines;
using Runbooks.Drills.Catalog;
using Runbooks.Drills.Definitions;
using Runbooks.Drills.Environments.Postgres;
using Runbooks.Drills.Harness;
using Runbooks.Drills.History;
using Runbooks.Drills.Reports;
using Runbooks.Core.Timing;
using KeptBaseline = Runbooks.Drills.Baselines.Baseline;

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
        command.Subcommands.Add(DrillHistoryCommand.Create(session));
        return command;
    }

    private static Command Run(CliSession session)
    {
        var (drills, all, reportDir, timeScale, verbose, estate) = Options();
        var historyDir = DrillHistoryCommand.DirectoryOption();
        var env = new Option<string?>("--env")
        {
            Description = "staging: drill the estate's staging section through the providers' public APIs (time scale 1, needs --yes); default: the simulator.",
            HelpName = "staging",
        };
        var yes = new Option<bool>("--yes") { Description = "With --env staging: go ahead and change staging (without it the drill says what it would do, exit 2)." };
        var postgres = new Option<string?>("--postgres")
        {
            Description = "The PostgreSQL drills run against: embedded, testcontainers (Docker, the image .config/drills.json names) or auto (default: .config/drills.json, else embedded).",
            HelpName = "embedded|testcontainers|auto",
        };
        var command = new Command("run", "Run drills and write JSON, Markdown, JUnit and HTML reports, and a line per drill in its history; exit 1 on any RTO/RPO breach or regression.")
            { drills, all, reportDir, timeScale, verbose, estate, historyDir, env, yes, postgres };
        command.SetAction((parse, _) => Execute(session, parse.GetValue(drills), parse.GetValue(all), parse.GetValue(reportDir),
            parse.GetValue(timeScale), parse.GetValue(verbose), parse.GetValue(estate), updateBaselines: false, runs: 1, acceptSlower: false,
            history: new HistoryRequest(parse.GetValue(historyDir)), staging: StagingRequest.From(parse.GetValue(env), parse.GetValue(yes)),
            postgres: parse.GetValue(postgres)));
        return command;
    }

    private static Command Baseline(CliSession session)
    {
        var (drills, all, reportDir, timeScale, verbose, estate) = Options();
        var update = new Option<bool>("--update") { Description = "Run the drills and record their measured overhead in drills/baselines.json." };
        var runs = new Option<int>("--runs")
        {
            Description = $"With --update: run each drill N times and record the N samples (the file keeps the last {KeptBaseline.MaxSamples}).",
            HelpName = "N",
            DefaultValueFactory = _ => 3,
        };
        var acceptSlower = new Option<bool>("--accept-slower")
            { Description = "With --update: record a drill whose new median is beyond the kept median's regression limit (refused without it)." };
        var command = new Command("baseline", "Show drills/baselines.json, or record fresh runs in it (--update).")
            { drills, all, update, runs, acceptSlower, reportDir, timeScale, verbose, estate };
        command.SetAction((parse, _) =>
        {
            if (!parse.GetValue(update))
            {
                if (parse.GetResult(runs) is { Implicit: false } || parse.GetValue(acceptSlower))
                {
                    session.Error("--runs and --accept-slower only apply with --update.");
                    return Task.FromResult(ExitCodes.BadInput);
                }
                return Task.FromResult(Show(session));
            }
            return Execute(session, parse.GetValue(drills), parse.GetValue(all), parse.GetValue(reportDir), parse.GetValue(timeScale),
                parse.GetValue(verbose), parse.GetValue(estate), updateBaselines: true, parse.GetValue(runs), parse.GetValue(acceptSlower), history: null);
        });
        return command;
    }

    private static int Show(CliSession session)
    {
        try
        {
            var store = new BaselineStore(Path.Combine(Directory.GetCurrentDirectory(), DrillCatalog.Folder, BaselineStore.FileName));
            var kept = store.Load();
            if (kept.Count == 0) Console.Out.WriteLine($"No baselines in {Words.Path(store.Path)} yet; `runbooks drill baseline --update` records them.");
            var width = kept.Count == 0 ? 0 : kept.Keys.Max(n => n.Length);
            foreach (var (name, byKey) in kept.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                foreach (var b in byKey.Values.OrderBy(b => b.Key.ToString(), StringComparer.Ordinal))
                    Console.Out.WriteLine($"{name.PadRight(width)}  {b.Key,-14}  median {b.Median!.Value.TotalMilliseconds:0} ms of {b.Samples.Count} run(s): "
                        + string.Join(", ", b.Samples.Select(s => s.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture))) + " ms");
            Console.Out.WriteLine($"This build is {BaselineKey.CurrentConfiguration}: drill run compares a drill only with its {BaselineKey.CurrentConfiguration}@<time scale> baseline.");
            return ExitCodes.Success;
        }
        catch (BadInputException e) { session.Error(e.Message); return ExitCodes.BadInput; }
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
                        + $"{d.Load.Rate:0}/s at {d.Load.Target.Name()}{(d.Load.WriteRate > 0 ? $" + {d.Load.WriteRate:0} writes/s" : "")}");
                return ExitCodes.Success;
            }
            catch (BadInputException e) { session.Error(e.Message); return ExitCodes.BadInput; }
        });
        return command;
    }

    private static (Argument<string[]>, Option<bool>, Option<string>, Option<double?>, Option<bool>, Option<string?>) Options() =>
    (
        new Argument<string[]>("drill") { Description = "Drill names in drills/ or paths to .drill.yaml files.", Arity = ArgumentArity.ZeroOrMore },
        new Option<bool>("--all") { Description = "Every drill in drills/." },
        new Option<string>("--report-dir") { Description = "Where reports go.", HelpName = "DIR", DefaultValueFactory = _ => Path.Combine(".runbooks", "drills") },
        new Option<double?>("--time-scale") { Description = "Multiply every simulated duration and the budget by X (default: the drill's, else .config/drills.json).", HelpName = "X" },
        new Option<bool>("--verbose") { Description = "Also print each runbook step and its log lines as they happen; on failure, the (redacted) exception and stack trace." },
        new Option<string?>("--estate") { Description = "The estate the simulator models and drills take their services from (default: .config/estate.yaml).", HelpName = "FILE" }
    );

    private static async Task<int> Execute(CliSession session, string[]? names, bool all, string? reportDir, double? timeScale, bool verbose, string? estate,
        bool updateBaselines, int runs, bool acceptSlower, HistoryRequest? history, StagingRequest? staging = null, string? postgres = null)
    {
        var cwd = Directory.GetCurrentDirectory();
        try
        {
            var settings = DrillSettings.Load(cwd);
            var database = postgres is null ? settings.Postgres : settings.Postgres.WithBackend(PostgresSettings.ParseBackend(postgres, "--postgres"));
            if (timeScale is <= 0 or > 1) throw new BadInputException($"--time-scale must be above 0 and at most 1, not {timeScale}.");
            if (runs < 1) throw new BadInputException($"--runs must be at least 1, not {runs}.");
            if (reportDir is not null && string.IsNullOrWhiteSpace(reportDir)) throw new BadInputException("--report-dir must name a folder.");
            if (estate is not null && !File.Exists(Path.GetFullPath(estate, cwd))) throw new BadInputException($"--estate {estate} does not exist.");
            var paths = all ? DrillCatalog.All(cwd) : (names ?? []).Select(n => DrillCatalog.Resolve(n, cwd)).ToList();
            if (paths.Count == 0)
                throw new BadInputException(all ? $"No drills found in {DrillCatalog.Folder}/." : "Name at least one drill (e.g. worker-rollback), or --all.");
            var drills = DrillCatalog.Load(paths, cwd);
            // A malformed baselines file would otherwise surface only after every run: read each one before anything starts.
            if (updateBaselines)
                foreach (var file in drills.Select(d => BaselineStore.For(d).Path).Distinct(StringComparer.Ordinal)) new BaselineStore(file).Load();
            // A staging drill takes its tokens from the shell, and only the STAGING_ ones; read before they leave the process.
            var shell = staging is null ? RunVariables.Sealed(new Dictionary<string, string>()) : StagingRequest.ShellSnapshot();
            // A drill never reaches production: nothing of the operator's credentials stays in this process.
            ShellCredentials.RemoveFromProcess(session.Redactor);
            var report = Path.GetFullPath(reportDir ?? Path.Combine(".runbooks", "drills"), cwd);
            // Every drill run (CI or staging) leaves a line in its drill's history; baseline runs are samples, not runs.
            var recorder = history is null ? null : new DrillHistoryRecorder(new DrillHistoryStore(DrillHistoryCommand.ResolveDirectory(history.Directory, cwd)),
                staging is null ? DrillHistoryRecord.Simulated : "staging", GitCommit.Resolve(cwd), TimeProvider.System);
            var runner = new DrillRunner(new DrillRunOptions
            {
                TimeScale = timeScale is { } x ? new TimeScale(x) : null,
                DefaultTimeScale = settings.TimeScale,
                Postgres = database,
                ReportDirectory = report,
                WorkingDirectory = cwd,
                EstatePath = estate is null ? null : Path.GetFullPath(estate, cwd),
                RunbookObserver = verbose ? new PlainRunObserver(Console.Out) : null,
                Redactor = session.Redactor,
                Log = line => { Console.Out.WriteLine(line); Console.Out.Flush(); },
                CompareBaselines = !updateBaselines && staging is null,
                History = recorder,
                Staging = staging is not null,
                AssumeYes = staging?.Yes ?? false,
                Shell = shell,
            });
            var batches = new List<DrillBatchResult>();
            for (var run = 1; run <= runs; run++)
            {
                if (runs > 1) Console.Out.WriteLine($"baseline run {run} of {runs}");
                var batch = await runner.RunAsync(drills, session.Cancellation).ConfigureAwait(false);
                Console.Out.WriteLine();
                Console.Out.WriteLine(VerdictTable.Render(batch.Results));
                Console.Out.WriteLine($"reports: {Words.Path(report)} (JSON, Markdown, HTML per drill; junit.xml)");
                if (recorder is not null) Console.Out.WriteLine($"history: {Words.Path(recorder.Store.Directory)} (one line per drill; `runbooks drill history` shows the trend)");
                // A breach or a failed runbook is not a baseline to compare later runs with.
                if (updateBaselines && !batch.Passed)
                {
                    session.Error("baselines: not written, because a drill failed; fix it and run `drill baseline --update` again.");
                    return ExitCodes.Failed;
                }
                batches.Add(batch);
            }
            if (updateBaselines) return RecordBaselines(session, batches, acceptSlower);
            var only = batches[0];
            // An invalid run is not a verdict: it says the instrument could not measure, never that the service passed or failed.
            if (only.Results.Any(r => r.Invalid is not null)) return ExitCodes.EnvironmentUnavailable;
            return only.Passed ? ExitCodes.Success : ExitCodes.Failed;
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

    /// <summary>
    /// Records every drill's samples from <paramref name="batches"/> under its key, each store beside its drills; a drill
    /// whose new median is beyond its kept median's regression limit is refused (exit 1) unless <paramref name="acceptSlower"/>.
    /// </summary>
    private static int RecordBaselines(CliSession session, IReadOnlyList<DrillBatchResult> batches, bool acceptSlower)
    {
        // The measured work of warm runs only: a process's first runbook also pays for its JIT, which is not the runbook's.
        var measured = batches.SelectMany(b => b.Results).Where(r => r.RunbookWork is not null && !r.ColdStart)
            .GroupBy(r => r.Drill.Name, StringComparer.Ordinal)
            .Select(g => (Drill: g.First().Drill, Baseline: new KeptBaseline(BaselineKey.For(g.First().TimeScale),
                g.Select(r => r.RunbookWork!.Value))))
            .ToList();
        var refused = false;
        foreach (var folder in measured.GroupBy(m => BaselineStore.For(m.Drill).Path, StringComparer.Ordinal))
        {
            var store = new BaselineStore(folder.Key);
            var outcome = store.Update(folder.ToDictionary(m => m.Drill.Name, m => m.Baseline, StringComparer.Ordinal), acceptSlower);
            if (outcome.Written.Count > 0)
                Console.Out.WriteLine($"baselines: recorded in {Words.Path(store.Path)}: "
                    + string.Join(", ", folder.Where(m => outcome.Written.Contains(m.Drill.Name)).Select(m => $"{m.Drill.Name} ({m.Baseline.Key}, {m.Baseline.Samples.Count} run(s))")));
            foreach (var sentence in outcome.Refused) session.Error("baselines: " + sentence);
            refused |= outcome.Refused.Count > 0;
        }
        return refused ? ExitCodes.Failed : ExitCodes.Success;
    }

    /// <summary>A drill run that records its history, in <see cref="Directory"/> (null: the configured folder).</summary>
    private sealed record HistoryRequest(string? Directory);
}
