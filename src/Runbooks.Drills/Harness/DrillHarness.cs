using System.Diagnostics;
using Npgsql;
using Runbooks.Core.Rto;
using Runbooks.Drills.Baselines;
using Runbooks.Drills.Definitions;
using Runbooks.Drills.Environments;
using Runbooks.Drills.Environments.Simulator.Model;
using Runbooks.Drills.Faults;
using Runbooks.Drills.Load;
using Runbooks.Drills.Measurement;
using Runbooks.Scripting.Hosting;

namespace Runbooks.Drills.Harness;

/// <summary>
/// Runs one drill on a prepared site: arranges the fault, starts the load (and the writes an RPO drill counts), lets
/// <see cref="DrillOrchestration"/> run the live phases, stops everything, then judges the projected timeline: the RTO
/// and RPO verdicts, the instrument's own health, the findings and the baseline.
/// </summary>
public sealed class DrillHarness(RunbookExecutor executor, RtoTable table, DrillRunOptions options)
{
    // JIT is per process: the first runbook a process runs also starts the runbook host and the provider clients.
    private static int s_runbooksStarted;

    /// <summary>Runs the drill described by <paramref name="plan"/> on <paramref name="site"/>.</summary>
    public async Task<DrillResult> RunAsync(DrillPlan plan, DrillSite site, Baseline? baseline, CancellationToken cancellation)
    {
        var drill = plan.Drill;
        _coldStart = false;
        var wall = Stopwatch.StartNew();
        var fault = site.Fault ?? FaultCatalog.Create(drill, site.Scale);
        var objective = table.ForSeverity(drill.Severity);
        await using var source = site.DatabaseConnectionString is { } cs ? NpgsqlDataSource.Create(LoadConnectionString(cs)) : null;
        // Before the fault arranges anything: a write table that cannot be written is bad input, with nothing to undo.
        var writeTable = drill.Load.WriteRate > 0 && source is not null
            ? await DrillWriteTable.PrepareAsync(drill, source, cancellation).ConfigureAwait(false)
            : null;
        await fault.ArrangeAsync(site, cancellation).ConfigureAwait(false);

        using var http = HttpLoad.CreateClient();
        var service = drill.Load.Target == LoadTarget.Database
            ? await DrillWorkloads.DatabaseReadsAsync(source!, cancellation).ConfigureAwait(false)
            : DrillWorkloads.Http(site, http, fault.LoadCredential(site));
        var runner = new OpenModelLoadRunner(new LoadRunnerOptions { Time = site.Clock.Time });
        await using var load = runner.Start(service.WithLoadSimulations(LoadSimulation.ConstantRate(drill.Load.Rate, Timeout.InfiniteTimeSpan)));
        AcknowledgedWrites? ledger = null;
        LoadRun? writes = null;

        DrillObservation observed;
        try
        {
            if (writeTable is not null)
            {
                // The ledger reads the service load's clock, so acknowledgement times sit on the drill timeline.
                ledger = new AcknowledgedWrites(load.Time, load.StartTimestamp);
                writes = runner.Start(writeTable.Scenario(ledger, source!)
                    .WithLoadSimulations(LoadSimulation.ConstantRate(drill.Load.WriteRate, Timeout.InfiniteTimeSpan)));
            }
            var orchestration = new DrillOrchestration(drill, fault, site, load, site.Clock.Time, options, objective);
            observed = await orchestration.RunAsync(plan.RunbookPath is null ? null : c => RunRunbookAsync(plan, site, fault, c), cancellation)
                .ConfigureAwait(false);
        }
        finally
        {
            try
            {
                if (writes is not null) await writes.DisposeAsync().ConfigureAwait(false);
                await load.StopAsync().ConfigureAwait(false);
            }
            finally
            {
                await fault.CleanUpAsync(site, CancellationToken.None).ConfigureAwait(false);
            }
        }

        // A fault the simulator heals by its propagation: its heal is where the model's propagation interval ends, known
        // exactly and independent of the load, so the calibration compares two instruments.
        if (fault.HealsByPropagation && site.HasSimulator
            && site.Simulator.Model.Intervals.FirstOrDefault(i => i.Kind == IntervalKind.Propagation) is { } healed)
            observed = observed with { Timeline = observed.Timeline with { Healed = load.ToTimeline(healed.EndTimestamp) } };
        // The provider time the model imposed (propagation, alias jobs, builds) is on the clock beside the runbook's own waits.
        var simulated = site.Clock.Waits.Select(w => new TimelineSpan(load.ToTimeline(w.StartTimestamp), load.ToTimeline(w.EndTimestamp),
            SpanKind.Simulated, w.What, w.RealWorld));
        var projection = observed.Timeline.Fault is null ? null
            : new TimelineProjection(observed.Timeline, site.Scale, observed.Assumed.Concat(simulated), load.BucketSize);
        var told = projection is null || !site.HasSimulator ? [] : Told(site, load, projection);
        var providerWrites = drill.ExpectReadOnly && site.HasSimulator ? Writes(site) : [];
        var rpo = ledger is not null && writeTable is not null && projection is not null
            ? await MeasureRpoAsync(site, drill.Load.WriteRate, writeTable, ledger, projection, cancellation).ConfigureAwait(false)
            : null;
        // Nothing acknowledged before the fault is nothing a fault or a restore could lose: "0 lost" would be a figure
        // that looks right because the instrument measured nothing.
        if (ledger is not null && observed.Timeline.Fault is { } faultAt && observed.Invalid is null && !ledger.Acknowledged.Values.Any(t => t < faultAt))
            observed = observed with
            {
                Invalid = $"no write was acknowledged before the fault ({ledger.Failures} failed" +
                    (ledger.FirstFailure is { } why ? $", the first with {why}" : "") + $", into {writeTable!.Description}): the RPO had nothing to measure",
            };
        var verdict = new DrillVerdict(drill, site.Scale, _coldStart, objective, load, observed, projection, rpo, baseline, plan.ClaimedRecovery, told, providerWrites);
        return verdict.Result(wall.Elapsed, load.AllBuckets().Select(b => b.ToSample()).ToList());
    }

    private bool _coldStart;

    // Every call that could change a provider: the faults act on the model directly, so each of these is the runbook's.
    private static List<string> Writes(DrillSite site)
        => [.. site.Simulator.Requests.Where(r => r.Method is not ("GET" or "HEAD" or "OPTIONS") && !r.Path.StartsWith("/__admin", StringComparison.Ordinal))
            .Select(r => $"{r.Method} {r.Path}")];

    // Every message the simulated Slack and status page received, at the moment they received it, on the projected timeline.
    private static List<CommunicationPoint> Told(DrillSite site, IDrillLoad load, TimelineProjection projection)
    {
        var model = site.Simulator.Model;
        lock (model.Gate)
            return [.. model.Communications.Posts.Select(p => new CommunicationPoint(p.Channel, p.Status, p.Text, projection.SinceFault(load.ToTimeline(p.At))))];
    }

    private async Task<ExecOutcome> RunRunbookAsync(DrillPlan plan, DrillSite site, DrillFault fault, CancellationToken cancellation)
    {
        _coldStart = Interlocked.Increment(ref s_runbooksStarted) == 1;
        // The drill's params first, the harness's own last: checked up front (DrillPlan), and enforced here as well.
        var parameters = new Dictionary<string, string>(plan.Drill.Params, StringComparer.Ordinal);
        foreach (var (k, v) in fault.RunbookParams(site)) parameters[k] = v;
        if (site.ServiceRootUrl is { } url) parameters["url"] = url;
        if (site.Host is { } host) parameters["host"] = host;
        if (plan.Drill.Load.Target.ServiceParam() is { } service && site.ServiceName is { } name) parameters.TryAdd(service, name);
        return await executor.ExecuteAsync(new ExecRequest
        {
            Runbook = plan.RunbookPath,
            Params = parameters,
            // Sealed: built from scratch for this drill, passed to this run only, never set in the process.
            Variables = site.RunbookVariablesWith(fault.RunbookSecrets(site)),
            Endpoints = site.RunbookEndpoints,
            // The drill's clock: the runbook's back-offs and deadlines run at its scale and are recorded as simulated time.
            Clock = site.Clock,
            Estate = site.Estate,
            AssumeYes = true, // in CI the trigger runs the runbook unattended, as the seeds' automatic triggers do
            JournalPath = Path.Combine(site.WorkDirectory, "journal.jsonl"),
            WorkingDirectory = options.WorkingDirectory,
        }, cancellation).ConfigureAwait(false);
    }

    private async Task<RpoMeasurement> MeasureRpoAsync(DrillSite site, double writeRate, DrillWriteTable writeTable, AcknowledgedWrites ledger,
        TimelineProjection projection, CancellationToken cancellation)
    {
        NpgsqlConnection.ClearAllPools();
        var present = await writeTable.SurvivingAsync(site.DatabaseConnectionString!, cancellation).ConfigureAwait(false);
        var lost = ledger.Acknowledged.Where(a => !present.Contains(a.Key)).Select(a => a.Value).ToList();
        var surviving = ledger.Acknowledged.Where(a => present.Contains(a.Key)).Select(a => a.Value).ToList();
        var objective = table.Rpo[site.Drill.RpoData]; // checked by DrillRunner before anything started
        var rpo = DrillJudge.JudgeRpo(lost, surviving, TimeSpan.FromSeconds(1 / writeRate), objective, projection);
        site.Log($"  writes: {rpo.Acknowledged} acknowledged, {rpo.Lost} lost (RPO {Definitions.DurationText.Human(rpo.Span)} projected)");
        return rpo;
    }

    // The load is a user who gives up after the request timeout (2 s): a read or write that hangs on a database being
    // restored must end about then, as a failure, not hold its slot for Npgsql's 30 s command default plus its 2 s wait
    // for the server to confirm the cancel: hanging slots would pile up past the in-flight cap, and a run that drops
    // arrivals measures nothing (INVALID) when what the user saw was plainly an outage. Connecting keeps Npgsql's own
    // timeout: a connection abandoned half-way through SCRAM is opened again by the next arrival, and under an outage
    // that ended every session that churn alone can keep two cores busy authenticating.
    private static string LoadConnectionString(string cs) => new NpgsqlConnectionStringBuilder(cs)
    {
        CommandTimeout = 2,
        CancellationTimeout = 500,
    }.ConnectionString;
}
