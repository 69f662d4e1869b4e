using System.Diagnostics;
using Npgsql;
using Runbooks.Core.Catalog;
using Runbooks.Core.Rto;
using Runbooks.Core.Runs;
using Runbooks.Core.Secrets;
using Runbooks.Drills.Baselines;
using Runbooks.Drills.Environments;
using Runbooks.Drills.Faults;
using Runbooks.Drills.Load;
using Runbooks.Drills.Measurement;
using static Runbooks.Drills.Reports.ReportFormat;
using Runbooks.Scripting.Hosting;

namespace Runbooks.Drills.Harness;

/// <summary>
/// Runs one drill on a prepared site, everything on the load run's monotonic clock: load and warm-up, the fault, live
/// detection on final buckets, the (scaled) human response, the runbook in-process, waiting for sustained health, then
/// the lost acknowledged writes, the verdicts and the baseline comparison.
/// </summary>
public sealed class DrillHarness(RunbookExecutor executor, RtoTable table, DrillRunOptions options)
{
    /// <summary>Runs the drill described by <paramref name="plan"/> on <paramref name="site"/>.</summary>
    public async Task<DrillResult> RunAsync(DrillPlan plan, DrillSite site, Baseline? baseline, CancellationToken cancellation)
    {
        var drill = plan.Drill;
        var scale = site.TimeScale;
        var wall = Stopwatch.StartNew();
        var fault = FaultCatalog.Create(drill, scale);
        var detect = drill.Detect with { For = drill.Detect.For * scale };
        var recovered = drill.Recovered with { For = drill.Recovered.For * scale };
        var objective = table.ForSeverity(drill.Severity);
        var warnings = new List<string>();

        await fault.ArrangeAsync(site, cancellation).ConfigureAwait(false);

        using var http = HttpLoad.CreateClient();
        await using var source = site.DatabaseConnectionString is { } cs ? NpgsqlDataSource.Create(cs) : null;
        var service = drill.Load.Target == "database"
            ? await DrillWorkloads.DatabaseReadsAsync(source!, cancellation).ConfigureAwait(false)
            : DrillWorkloads.Http(site, http);
        var runner = new OpenModelLoadRunner();
        await using var load = runner.Start(service.WithLoadSimulations(LoadSimulation.ConstantRate(drill.Load.Rate, Timeout.InfiniteTimeSpan)));
        var evaluator = new CriterionEvaluator(load.BucketSize);
        AcknowledgedWrites? ledger = null;
        LoadRun? writes = null;
        if (drill.Load.WriteRate > 0 && source is not null)
        {
            // The ledger reads the service load's clock, so acknowledgement times sit on the drill timeline.
            ledger = new AcknowledgedWrites(load.Time, load.StartTimestamp);
            writes = runner.Start(DrillWorkloads.Writes(ledger, source)
                .WithLoadSimulations(LoadSimulation.ConstantRate(drill.Load.WriteRate, Timeout.InfiniteTimeSpan)));
        }

        var finalSeries = new List<BucketSample>();
        TimeSpan faultAt = default;
        TimeSpan? detected = null, responded = null, mitigated = null, recoveredAt = null, healed = null;
        ExecOutcome? outcome = null;
        Task? healing = null;
        var instrument = new InstrumentCheck(load.BucketSize);
        string? invalid = null;
        try
        {
            await Task.Delay(options.WarmUp, cancellation).ConfigureAwait(false);
            // Steady state first: a fault injected into a service still warming up would be measured through its queue.
            var steady = await WaitForAsync(load, finalSeries, s => instrument.IsSteady(s, drill.Recovered, options.SteadyStateWindow) ? load.Elapsed : null,
                load.Elapsed + options.SteadyStateTimeout, cancellation).ConfigureAwait(false);
            if (steady is null)
            {
                invalid = $"The service never reached a steady state before the fault ({instrument.DescribeUnsteady(finalSeries, drill.Recovered)}), "
                    + "so nothing was injected: the run measures nothing.";
                site.Log("  " + invalid);
            }
            else await RunFaultAsync().ConfigureAwait(false);
        }
        finally
        {
            try
            {
                if (writes is not null) await writes.DisposeAsync().ConfigureAwait(false);
                await load.StopAsync().ConfigureAwait(false);
                // Already observed above unless the drill was interrupted; its failure must not skip the clean-up.
                if (healing is not null) await healing.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
            finally
            {
                await fault.CleanUpAsync(site, CancellationToken.None).ConfigureAwait(false);
            }
        }

        async Task RunFaultAsync()
        {
            await fault.InjectAsync(site, cancellation).ConfigureAwait(false);
            faultAt = load.Elapsed;
            site.Log($"  fault injected at {Ms(faultAt)} ({drill.Fault.Kind})");
            if (fault.HealsAfter is { } healsAfter)
                healing = HealAtAsync(fault, site, load, faultAt + healsAfter, t => healed = t, cancellation);

            // A fault is detected when the data says so, not before: the deadline only bounds a fault that never shows.
            var detectDeadline = faultAt + detect.For + TimeSpan.FromSeconds(5) + (fault.HealsAfter ?? TimeSpan.Zero);
            detected = await WaitForAsync(load, finalSeries, s => evaluator.FirstHeld(s, faultAt, detect), detectDeadline, cancellation).ConfigureAwait(false);
            if (detected is null) warnings.Add($"The fault was never detected ({Pct(detect.ErrorRate)} errors for {Ms(detect.For)} never held).");
            else site.Log($"  detected at {Ms(detected.Value)} (+{Ms(detected.Value - faultAt)})");

            if (plan.RunbookPath is not null && detected is not null)
            {
                var respondAt = detected.Value + drill.RespondAfter * scale;
                if (respondAt > load.Elapsed) await Task.Delay(respondAt - load.Elapsed, cancellation).ConfigureAwait(false);
                responded = load.Elapsed;
                site.Log($"  runbook {plan.RunbookDisplay} started at {Ms(responded.Value)}");
                outcome = await RunRunbookAsync(plan, site, fault, cancellation).ConfigureAwait(false);
                // A runbook stopped by Ctrl-C ends with 130 rather than throwing: the batch stops here, as cancelled.
                cancellation.ThrowIfCancellationRequested();
                mitigated = load.Elapsed;
                site.Log($"  runbook ended at {Ms(mitigated.Value)}: exit {outcome.ExitCode}{(outcome.Error is null ? "" : " - " + outcome.Error)}");
            }

            if (healing is not null) await healing.ConfigureAwait(false);
            var from = detected ?? faultAt;
            // Long enough to measure a moderate breach; a service that stays down past it is reported as never recovered.
            var recoverDeadline = Max(faultAt + objective.Acceptable * scale * 1.5, mitigated ?? TimeSpan.Zero, healed ?? TimeSpan.Zero)
                + recovered.For + TimeSpan.FromSeconds(3);
            recoveredAt = await WaitForAsync(load, finalSeries, s => evaluator.FirstSustainedHealthy(s, from, recovered) is { } r
                && s.Count > 0 && s[^1].Start + evaluator.BucketSize - r >= recovered.For ? r : null, recoverDeadline, cancellation).ConfigureAwait(false);
            site.Log(recoveredAt is { } at ? $"  recovered at {Ms(at)} (RTO {Ms(at - faultAt)})" : "  the service did not recover before the deadline");
        }

        // A late arrival still has its latency charged from its intended time (no coordinated omission); what lateness
        // blurs is when the service was seen in a state. Under a tenth of a bucket that is inside the instrument's
        // resolution; beyond it the measured points may be off by the lag, and the report says so.
        if (load.Health() is { } h && h.LagP99 > load.BucketSize / 10)
            warnings.Add($"The load generator fell behind its schedule (lag p99 {Ms(h.LagP99)}, {h.LateFraction:P1} of arrivals over 2 ms late): "
                + $"measured points may be off by up to {Ms(h.LagP99)}.");

        if (recoveredAt is { } edge && instrument.RecoveryEdgeProblem(finalSeries, edge) is { } edgeProblem)
        {
            // A calibration drill exists to prove the instrument: there an edge it cannot place is an invalid run. Elsewhere
            // the error is a fraction of a second against a budget of minutes, and is reported as such.
            if (plan.RunbookPath is null) invalid ??= $"The recovery edge cannot be placed: {edgeProblem}.";
            else warnings.Add($"The recovery edge may be early: {edgeProblem}.");
        }

        RpoMeasurement? rpo = null;
        if (ledger is not null && site.DatabaseConnectionString is { } dbcs)
        {
            NpgsqlConnection.ClearAllPools();
            var present = await DrillWorkloads.SurvivingWritesAsync(dbcs, cancellation).ConfigureAwait(false);
            var lost = ledger.Acknowledged.Keys.Where(k => !present.Contains(k)).ToList();
            var rpoObjective = table.Rpo[drill.RpoData]; // checked by DrillRunner before anything started
            rpo = DrillJudge.JudgeRpo(ledger.AckTimesOf(lost), ledger.Acknowledged.Count, rpoObjective, scale);
            site.Log($"  writes: {rpo.Acknowledged} acknowledged, {rpo.Lost} lost (RPO {Ms(rpo.Span)})");
        }

        var timeline = new DrillTimeline
        {
            Fault = faultAt, Detected = detected, Responded = responded, Mitigated = mitigated, Recovered = recoveredAt, Healed = healed,
            ResponseDue = detected is { } d && responded is not null ? d + drill.RespondAfter * scale : null,
        };
        var rtoVerdict = DrillJudge.JudgeRto(timeline, objective, scale);
        var comparison = baseline is { } b && timeline.RunbookDuration is { } overhead ? DrillJudge.CompareBaseline(overhead, b) : null;
        var failures = DrillJudge.Failures(drill, timeline, rtoVerdict, objective, scale, rpo, comparison, outcome?.ExitCode, outcome?.Error, evaluator.BucketSize).ToList();
        if (detected is null && plan.RunbookPath is not null)
            failures.Insert(0, $"The fault was never detected, so the runbook never ran ({Pct(detect.ErrorRate)} errors for {Ms(detect.For)} never held).");
        return new DrillResult
        {
            Drill = drill,
            TimeScale = scale,
            Timeline = timeline,
            BucketSize = load.BucketSize,
            Series = load.AllBuckets().Select(x => x.ToSample()).ToList(),
            RtoObjective = objective,
            RtoVerdict = rtoVerdict,
            ProjectedRto = DrillJudge.ProjectRto(timeline, scale),
            ClaimedRecovery = plan.ClaimedRecovery,
            ProjectedRecoveryAfterResponse = DrillJudge.ProjectRecoveryAfterResponse(timeline, scale),
            Rpo = rpo,
            Baseline = comparison,
            RunbookExitCode = outcome?.ExitCode,
            RunbookSteps = outcome?.Steps ?? [],
            RunbookJournal = outcome?.JournalPath,
            Warnings = warnings,
            Failures = invalid is null ? failures : [invalid],
            Invalid = invalid,
            WallTime = wall.Elapsed,
        };
    }

    private async Task<ExecOutcome> RunRunbookAsync(DrillPlan plan, DrillSite site, DrillFault fault, CancellationToken cancellation)
    {
        // The drill's params first, the harness's own last: checked up front (DrillPlan), and enforced here as well.
        var parameters = new Dictionary<string, string>(plan.Drill.Params, StringComparer.Ordinal);
        foreach (var (k, v) in fault.RunbookParams(site)) parameters[k] = v;
        if (site.ServiceRootUrl is { } url) parameters["url"] = url;
        return await executor.ExecuteAsync(new ExecRequest
        {
            Runbook = plan.RunbookPath,
            Params = parameters,
            // Sealed: built from scratch for this drill, passed to this run only, never set in the process.
            Variables = site.RunbookVariables,
            Endpoints = site.RunbookEndpoints,
            AssumeYes = true, // in CI the trigger runs the runbook unattended, as the seeds' automatic triggers do
            JournalPath = Path.Combine(site.WorkDirectory, "journal.jsonl"),
            WorkingDirectory = options.WorkingDirectory,
        }, cancellation).ConfigureAwait(false);
    }

    private static async Task HealAtAsync(DrillFault fault, DrillSite site, LoadRun load, TimeSpan at, Action<TimeSpan> healed, CancellationToken cancellation)
    {
        var wait = at - load.Elapsed;
        if (wait > TimeSpan.FromMilliseconds(2)) await Task.Delay(wait - TimeSpan.FromMilliseconds(1), cancellation).ConfigureAwait(false);
        while (load.Elapsed < at) Thread.SpinWait(100); // the last millisecond on the clock itself: the instrument is calibrated on this
        await fault.HealAsync(site, cancellation).ConfigureAwait(false);
        healed(load.Elapsed);
    }

    private async Task<TimeSpan?> WaitForAsync(LoadRun load, List<BucketSample> series, Func<IReadOnlyList<BucketSample>, TimeSpan?> probe, TimeSpan deadline,
        CancellationToken cancellation)
    {
        while (true)
        {
            // A final bucket's sample no longer changes: only the buckets that became final since the last poll are read,
            // so a long drill at time scale 1 does not rescan thousands of histograms every 20 ms.
            var final = load.FinalBuckets();
            for (var i = series.Count; i < final.Count; i++) series.Add(final[i].ToSample());
            if (probe(series) is { } found) return found;
            if (load.Elapsed > deadline) return null;
            await Task.Delay(options.PollInterval, cancellation).ConfigureAwait(false);
        }
    }

    private static TimeSpan Max(params TimeSpan[] values) => values.Max();
    private static string Pct(double r) => $"> {r * 100:0.#}%";
}
