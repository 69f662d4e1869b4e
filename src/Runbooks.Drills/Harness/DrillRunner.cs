using Runbooks.Core.Errors;
using Runbooks.Core.Rto;
using Runbooks.Core.Runs;
using Runbooks.Core.Steps;
using Runbooks.Core.Timing;
using Runbooks.Core.Estates;
using Runbooks.Drills.Baselines;
using Runbooks.Drills.Catalog;
using Runbooks.Drills.Definitions;
using Runbooks.Drills.Environments;
using Runbooks.Drills.Measurement;
using Runbooks.Drills.Reports;
using Runbooks.Drills.Staging;
using Runbooks.Scripting.Caching;
using Runbooks.Scripting.Hosting;

namespace Runbooks.Drills.Harness;

/// <summary>
/// Runs a batch of drills: checks every drill file and runbook first (bad input fails before anything starts), starts
/// the environment the batch needs once, runs the drills one after another on fresh sites, writes the reports, and
/// stops everything it started, also on failure and cancellation.
/// </summary>
public sealed class DrillRunner(DrillRunOptions options)
{
    /// <summary>Runs <paramref name="drills"/>.</summary>
    public async Task<DrillBatchResult> RunAsync(IReadOnlyList<DrillDefinition> drills, CancellationToken cancellation = default)
    {
        GiveTheInstrumentThreads();
        var redactor = options.Redactor;
        var host = new RunbookHost(ScriptCache.Default());
        var plans = drills.Select(d => DrillPlan.For(d, host, options.WorkingDirectory)).ToList();
        var table = RtoTable.LoadDefault(options.WorkingDirectory);
        foreach (var plan in plans) table.ForSeverity(plan.Drill.Severity);
        foreach (var plan in plans.Where(p => !table.Rpo.ContainsKey(p.Drill.RpoData)))
            throw new BadInputException($"{Path.GetRelativePath(options.WorkingDirectory, plan.Drill.SourcePath)}: rpo '{plan.Drill.RpoData}' is not in the RPO table "
                + $"(.config/rto.json); known: {string.Join(", ", table.Rpo.Keys)}.");
        // Reports and work folders are per name: two drills of one name would overwrite each other.
        if (plans.GroupBy(p => p.Drill.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new BadInputException($"Two drills are named '{twice.Key}' ({string.Join(", ", twice.Select(p => Path.GetRelativePath(options.WorkingDirectory, p.Drill.SourcePath)))}): "
                + "give each a name of its own.");
        var estate = ReadEstate();
        foreach (var plan in plans) CheckService(plan, estate);
        if (options.Staging) return await RunStagingAsync(plans, estate, table, host, cancellation).ConfigureAwait(false);
        TimeScale ScaleOf(DrillPlan plan) => options.TimeScale ?? plan.Drill.TimeScale ?? options.DefaultTimeScale;
        // A drill's baseline lives beside it (drills/baselines.json for drills/*.drill.yaml); read before anything starts.
        // Only the baseline of the run's own key (this build's configuration, the drill's time scale) is ever compared.
        var baselines = plans.ToDictionary(p => p, p => options.CompareBaselines
            ? BaselineStore.For(p.Drill).Find(p.Drill.Name, BaselineKey.For(ScaleOf(p))) : null);

        var executor = new RunbookExecutor(host, redactor, options.RunbookObserver ?? SilentRunObserver.Instance, NoConfirmation.Instance);
        var harness = new DrillHarness(executor, table, options);
        var results = new List<DrillResult>();
        await using var environment = await DrillEnvironment.StartAsync(new DrillEnvironmentOptions
        {
            RepositoryRoot = options.WorkingDirectory,
            Estate = estate,
            NeedsSimulator = plans.Any(p => p.NeedsSimulatorIn(estate)),
            NeedsPostgres = plans.Any(p => p.NeedsPostgres),
            DurablePostgres = plans.Any(p => p.Drill.Load.WriteRate > 0 || p.NeedsWalArchive),
            ArchiveWal = plans.Any(p => p.NeedsWalArchive),
            Postgres = options.Postgres,
            Log = options.Log,
        }, cancellation).ConfigureAwait(false);
        var reports = new DrillReportWriter(options.ReportDirectory, redactor);
        try
        {
            foreach (var plan in plans)
            {
                var scale = ScaleOf(plan);
                options.Log($"drill {plan.Drill.Name}: {plan.Drill.Fault.Kind}, {plan.Drill.Load.Rate:0} req/s at {plan.Drill.Load.Target.Name()}, time scale {scale}");
                var site = await environment.PrepareAsync(plan.Drill, scale, Path.Combine(options.ReportDirectory, plan.Drill.Name),
                    plan.NeedsSimulatorIn(estate), plan.NeedsPostgres, cancellation).ConfigureAwait(false);
                try
                {
                    var result = await AfterAFullCollection(() => harness.RunAsync(plan, site, baselines[plan], cancellation)).ConfigureAwait(false);
                    results.Add(result);
                    // Written as each drill ends: an interrupted or failing batch keeps the reports of the drills that ran.
                    reports.WriteDrill(result);
                    options.History?.Record(result);
                }
                finally
                {
                    await environment.ReleaseAsync(site).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (results.Count > 0) reports.WriteJUnit(results);
        }
        return new DrillBatchResult(results);
    }
    // Staging (DESIGN.md, "Modes and safety"): every check before anything is touched, then each drill at time scale 1
    // against its staging twin, its fault through the public API, its load capped at the estate's rate, history as
    // `staging`. No simulator and no embedded database start: staging is the real thing.
    private async Task<DrillBatchResult> RunStagingAsync(List<DrillPlan> plans, Estate estate, RtoTable table, RunbookHost host, CancellationToken cancellation)
    {
        var targets = StagingGuard.Check([.. plans.Select(p => p.Drill)], estate, options.Shell, options.TimeScale, options.AssumeYes,
            d => Path.GetRelativePath(options.WorkingDirectory, d.SourcePath));
        var view = estate.StagingView()!;
        var executor = new RunbookExecutor(host, options.Redactor, options.RunbookObserver ?? SilentRunObserver.Instance, NoConfirmation.Instance);
        var harness = new DrillHarness(executor, table, options);
        var reports = new DrillReportWriter(options.ReportDirectory, options.Redactor);
        var results = new List<DrillResult>();
        // Every token and database URL the targets carry is masked wherever the batch writes, before anything runs.
        foreach (var (name, value) in targets.SelectMany(t => t.Variables).Where(v => v.Key.EndsWith("_TOKEN", StringComparison.Ordinal) || v.Key == Providers.Postgres.DbClient.DefaultSecret))
            options.Redactor.Add(value, name);
        try
        {
            foreach (var (plan, target) in plans.Zip(targets))
            {
                // The staging section's cap on requests per second: staging is shared, and a drill is a guest there.
                var drill = plan.Drill with { Load = plan.Drill.Load with { Rate = Math.Min(plan.Drill.Load.Rate, estate.Staging!.MaxRate) } };
                var capped = plan with { Drill = drill };
                options.Log($"drill {drill.Name} (staging): {drill.Fault.Kind} on {target.Name}, {drill.Load.Rate:0.#} req/s at {target.Url ?? "the staging database"}, time scale 1");
                var work = Path.Combine(options.ReportDirectory, drill.Name);
                if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
                Directory.CreateDirectory(work);
                var context = new Providers.ProviderContext(new Core.Secrets.SecretStore(options.Redactor, Core.Sealing.RunVariables.Sealed(target.Variables)),
                    new LineLog(options.Log), endpoints: Core.Sealing.EndpointPolicy.Only(target.Hosts), cancellation: CancellationToken.None);
                using var clients = new StagingClients(context);
                var fault = StagingFault(drill, target, estate, clients);
                var site = new DrillSite(drill, RunClock.RealTime(), view, options.WorkingDirectory, work, null,
                    target.DatabaseConnectionString is null ? null : target.Name, target.DatabaseConnectionString, options.Log, target, fault);
                var result = await AfterAFullCollection(() => harness.RunAsync(capped, site, null, cancellation)).ConfigureAwait(false);
                results.Add(result);
                reports.WriteDrill(result);
                options.History?.Record(result);
            }
        }
        finally
        {
            if (results.Count > 0) reports.WriteJUnit(results);
        }
        return new DrillBatchResult(results);
    }

    // The fault each staging target causes its own way: through the provider's public API, or on the staging database.
    private static Faults.DrillFault StagingFault(DrillDefinition drill, StagingTarget target, Estate estate, StagingClients clients) => target.Fault switch
    {
        StagingFaultKind.WorkerBadDeployment => new StagingBadDeploymentFault(clients.Cloudflare, target.Name, Environments.Simulator.Model.ServiceBehaviour.Failing()),
        // The guard checked that the production project names its fault flag; the twin runs the same code.
        StagingFaultKind.VercelBadDeployment => new StagingVercelBadDeploymentFault(clients.Vercel, target.Name, estate.VercelProject(target.ProductionName).FaultFlag!),
        _ => new StagingDataCorruptionFault(drill.Fault.Settings.GetValueOrDefault("table", "pitches"),
            drill.Fault.Settings.TryGetValue("rows", out var r) && r != "all" ? int.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : null,
            drill.Fault.Duration("backupAge", TimeSpan.Zero)),
    };

    // The provider clients a staging fault uses, made only when asked for (a Worker drill has no Vercel settings) and
    // disposed with the drill.
    private sealed class StagingClients(Providers.ProviderContext context) : IDisposable
    {
        private Providers.Cloudflare.CloudflareClient? _cloudflare;
        private Providers.Vercel.VercelFacade? _vercel;

        public Providers.Cloudflare.CloudflareClient Cloudflare => _cloudflare ??= new(Providers.Cloudflare.CloudflareOptions.FromContext(context), context);

        public Providers.Vercel.VercelFacade Vercel => _vercel ??= Providers.Vercel.VercelFacade.FromContext(context);

        public void Dispose()
        {
            _cloudflare?.Dispose();
            _vercel?.Dispose();
        }
    }

    private sealed class LineLog(Action<string> log) : Core.Runs.IRunLog
    {
        public void Log(string message) => log("    " + message);
    }

    private Estate ReadEstate()
    {
        var path = options.EstatePath ?? Path.Combine(options.WorkingDirectory, EstateFile.DefaultPath);
        if (options.EstatePath is null && !File.Exists(path))
            throw new BadInputException($"{EstateFile.DefaultPath} is missing in {options.WorkingDirectory}: drills simulate the estate it describes (see README, \"The estate\"), or pass --estate FILE.");
        return EstateFile.Read(path, Path.GetRelativePath(options.WorkingDirectory, Path.GetFullPath(path)));
    }

    // The load's service must be in the estate before anything starts: a typo is bad input, not a 404 during the drill.
    private void CheckService(DrillPlan plan, Estate estate)
    {
        try { DrillSite.ServiceOf(plan.Drill, estate); }
        catch (BadInputException e)
        {
            throw new BadInputException($"{Path.GetRelativePath(options.WorkingDirectory, plan.Drill.SourcePath)}: load: {e.Message}", e);
        }
    }

    /// <summary>
    /// Runs one drill's measurement after a full collection. The CLI collects without a background thread (for its
    /// start-up), so every collection stops every thread, the load generator's scheduler too: one at a recovery edge
    /// stalls the arrivals for tens of milliseconds and the run is invalid (the machine was too busy to measure).
    /// Collecting everything first, outside the measurement, resets the allocation budgets, so a drill's own allocations
    /// rarely reach a collection. (Low-latency mode was tried as well: it shrank the young generation's budget, and a
    /// Supabase drill spent 5.8 s in 1,445 collections.)
    /// </summary>
    private static Task<T> AfterAFullCollection<T>(Func<Task<T>> drill)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return drill();
    }

    // The load generator, the simulator and the runbook share this process. The simulator answers through WireMock's
    // synchronous callbacks, and a provider restore (Neon, Supabase) blocks its thread for the seconds the real copy
    // takes; with the pool's minimum at the core count, .NET adds threads only slowly, and the load's continuations
    // (Npgsql's SCRAM replies among them) waited seconds for one: backends sat in `authentication`, every read timed out
    // at 2 s, and the drill said the service never recovered when it had. The instrument must not be starved by what it
    // measures: the pool creates up to 64 workers at once.
    private static void GiveTheInstrumentThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        if (workers < 64) ThreadPool.SetMinThreads(64, io);
    }
}
