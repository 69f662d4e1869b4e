using Runbooks.Core.Rto;
using Runbooks.Core.Timing;
using Runbooks.Drills.Definitions;
using Runbooks.Drills.Environments;
using Runbooks.Drills.Faults;
using Runbooks.Drills.Measurement;
using Runbooks.Scripting.Hosting;

namespace Runbooks.Drills.Harness;

/// <summary>
/// The live part of one drill, phase by phase, on the drill's clock: a steady state first, the fault, detection on final
/// buckets, the (assumed) response, the runbook, and sustained health. It reads the load through <see cref="IDrillLoad"/>
/// and waits on an injected <see cref="TimeProvider"/>, so it is tested on a fake clock; starting and stopping the load,
/// the fault's clean-up and the verdicts belong to <see cref="DrillHarness"/>.
/// </summary>
internal sealed class DrillOrchestration
{
    private readonly DrillDefinition _drill;
    private readonly DrillFault _fault;
    private readonly DrillSite _site;
    private readonly IDrillLoad _load;
    private readonly TimeProvider _time;
    private readonly DrillRunOptions _options;
    private readonly Objective _objective;
    private readonly CriterionEvaluator _evaluator;
    private readonly InstrumentCheck _instrument;
    private readonly Criterion _detect, _recovered;
    private readonly List<BucketSample> _series = [];
    private readonly List<string> _notes = [];
    private TimeSpan? _faultAt, _detected, _responseDue, _responded, _mitigated, _recoveredAt, _healed, _warmUpP95;
    private Task? _healing;
    private SteadyStateRule? _steadyRule;

    public DrillOrchestration(DrillDefinition drill, DrillFault fault, DrillSite site, IDrillLoad load, TimeProvider time, DrillRunOptions options, Objective objective)
    {
        (_drill, _fault, _site, _load, _time, _options, _objective) = (drill, fault, site, load, time, options, objective);
        _evaluator = new CriterionEvaluator(load.BucketSize);
        _instrument = new InstrumentCheck(load.BucketSize);
        // Only the windows are scaled: a p95 threshold is a per-request duration, and every request takes real time at
        // any scale (the simulator's imposed latencies included), so the same threshold judges the same service.
        _detect = drill.Detect with { For = Scale.ToDrill(drill.Detect.For) };
        _recovered = drill.Recovered with { For = Scale.ToDrill(drill.Recovered.For) };
    }

    private TimeScale Scale => _site.Scale;

    /// <summary>Runs the phases; <paramref name="runbook"/> is null for a calibration drill.</summary>
    public async Task<DrillObservation> RunAsync(Func<CancellationToken, Task<ExecOutcome>>? runbook, CancellationToken cancellation)
    {
        ExecOutcome? outcome = null;
        try
        {
            if (await ReachSteadyStateAsync(cancellation).ConfigureAwait(false) is { } unsteady) return Observation(null, unsteady);
            await InjectAsync(cancellation).ConfigureAwait(false);
            await DetectAsync(cancellation).ConfigureAwait(false);
            if (runbook is not null && _detected is not null)
            {
                await RespondAsync(cancellation).ConfigureAwait(false);
                outcome = await RunRunbookAsync(runbook, cancellation).ConfigureAwait(false);
            }
            if (_healing is not null) await _healing.ConfigureAwait(false);
            await AwaitRecoveryAsync(cancellation).ConfigureAwait(false);
            return Observation(outcome, null);
        }
        finally
        {
            // Already observed above unless the drill was interrupted; its failure must not hide the interruption.
            if (_healing is not null) await _healing.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    // Steady state first: a fault injected into a service still warming up would be measured through its queue.
    private async Task<string?> ReachSteadyStateAsync(CancellationToken cancellation)
    {
        await Task.Delay(_options.WarmUp, _time, cancellation).ConfigureAwait(false);
        // Staging is reached over a real network: its steady state is judged against the latency its own warm-up
        // measured, not against the loopback bound the simulator is held to (SteadyStateRule).
        _series.AddRange(_load.FinalSamplesFrom(_series.Count));
        var rule = _site.IsStaging ? SteadyStateRule.FromWarmUp(_load.BucketSize, _series) : SteadyStateRule.Loopback(_load.BucketSize);
        _steadyRule = rule;
        if (rule.BaselineP99 is { } baseline) _site.Log($"  steady state: p99 at most {rule.Describe()}");
        var steady = await WaitForAsync(s => _instrument.IsSteady(s, _drill.Recovered, _options.SteadyStateWindow, rule) ? _load.Elapsed : null,
            _load.Elapsed + _options.SteadyStateTimeout, cancellation).ConfigureAwait(false);
        if (steady is not null) return null;
        var invalid = $"The service never reached a steady state before the fault ({_instrument.DescribeUnsteady(_series, _drill.Recovered, rule)}), "
            + "so nothing was injected: the run measures nothing.";
        _site.Log("  " + invalid);
        return invalid;
    }

    private async Task InjectAsync(CancellationToken cancellation)
    {
        _warmUpP95 = WarmUpP95();
        await _fault.InjectAsync(_site, cancellation).ConfigureAwait(false);
        var at = _load.Elapsed;
        _faultAt = at;
        _site.Log($"  fault injected at {Ms(at)} ({_drill.Fault.Kind})");
        if (_fault.HealsAfter is { } healsAfter) _healing = HealAtAsync(at + healsAfter, cancellation);
    }

    // A fault is detected when the data says so, not before: the deadline only bounds a fault that never shows.
    private async Task DetectAsync(CancellationToken cancellation)
    {
        var faultAt = _faultAt!.Value;
        var deadline = faultAt + _detect.For + TimeSpan.FromSeconds(5) + (_fault.HealsAfter ?? TimeSpan.Zero);
        _detected = await WaitForAsync(s => _evaluator.FirstHeld(s, faultAt, _detect, _warmUpP95), deadline, cancellation).ConfigureAwait(false);
        if (_detected is { } d) _site.Log($"  detected at {Ms(d)} (+{Ms(d - faultAt)})");
        else _notes.Add($"The fault was never detected ({_detect.Describe(detect: true, _warmUpP95)} for {DurationText.Format(_drill.Detect.For)} never held).");
    }

    // The human (or the automatic trigger) takes the drill's response time, assumed, at the drill's scale.
    private async Task RespondAsync(CancellationToken cancellation)
    {
        var due = _detected!.Value + Scale.ToDrill(_drill.RespondAfter);
        _responseDue = due;
        if (due > _load.Elapsed) await Task.Delay(due - _load.Elapsed, _time, cancellation).ConfigureAwait(false);
    }

    private async Task<ExecOutcome> RunRunbookAsync(Func<CancellationToken, Task<ExecOutcome>> runbook, CancellationToken cancellation)
    {
        _responded = _load.Elapsed;
        _site.Log($"  runbook {_drill.Runbook} started at {Ms(_responded.Value)}");
        var outcome = await runbook(cancellation).ConfigureAwait(false);
        // A runbook stopped by Ctrl-C ends with 130 rather than throwing: the batch stops here, as cancelled.
        cancellation.ThrowIfCancellationRequested();
        _mitigated = _load.Elapsed;
        _site.Log($"  runbook ended at {Ms(_mitigated.Value)}: exit {outcome.ExitCode}{(outcome.Error is null ? "" : " - " + outcome.Error)}");
        return outcome;
    }

    private async Task AwaitRecoveryAsync(CancellationToken cancellation)
    {
        var faultAt = _faultAt!.Value;
        var from = _detected ?? faultAt;
        // Long enough to measure a moderate breach; a service that stays down past it is reported as never recovered.
        var deadline = Max(faultAt + Scale.ToDrill(_objective.Acceptable) * 1.5, _mitigated ?? TimeSpan.Zero, _healed ?? TimeSpan.Zero)
            + _recovered.For + TimeSpan.FromSeconds(3);
        // A runbook that failed may still have mended the service (a rollback whose propagation outlasted its own deadline),
        // so the simulated drill keeps measuring to the deadline. Staging's stop condition: the error budget is spent once
        // the acceptable RTO has passed; stop there and restore.
        if (_site.IsStaging) deadline = Min(deadline, faultAt + _objective.Acceptable + _recovered.For);
        _recoveredAt = await WaitForAsync(s => _evaluator.FirstSustainedHealthy(s, from, _recovered, _warmUpP95) is { } r
            && s.Count > 0 && s[^1].Start + _evaluator.BucketSize - r >= _recovered.For ? r : null, deadline, cancellation).ConfigureAwait(false);
        _site.Log(_recoveredAt is { } at ? $"  recovered at {Ms(at)} (measured {Ms(at - faultAt)} on the drill clock)" : "  the service did not recover before the deadline");
    }

    private async Task HealAtAsync(TimeSpan at, CancellationToken cancellation)
    {
        var wait = at - _load.Elapsed;
        if (wait > TimeSpan.FromMilliseconds(2)) await Task.Delay(wait - TimeSpan.FromMilliseconds(1), _time, cancellation).ConfigureAwait(false);
        // The last millisecond on the clock itself: the instrument is calibrated on this. A fake clock does not move by
        // itself, so there the delay above is exact and the spin never runs.
        while (_load.Elapsed < at && _time == TimeProvider.System) Thread.SpinWait(100);
        await _fault.HealAsync(_site, cancellation).ConfigureAwait(false);
        _healed = _load.Elapsed;
    }

    private async Task<TimeSpan?> WaitForAsync(Func<IReadOnlyList<BucketSample>, TimeSpan?> probe, TimeSpan deadline, CancellationToken cancellation)
    {
        while (true)
        {
            // A final bucket's sample no longer changes: only the buckets that became final since the last poll are read,
            // so a long drill at time scale 1 does not rescan thousands of histograms every 20 ms.
            _series.AddRange(_load.FinalSamplesFrom(_series.Count));
            if (probe(_series) is { } found) return found;
            if (_load.Elapsed > deadline) return null;
            await Task.Delay(_options.PollInterval, _time, cancellation).ConfigureAwait(false);
        }
    }

    private DrillObservation Observation(ExecOutcome? outcome, string? invalid)
    {
        var timeline = new DrillTimeline
        {
            Fault = _faultAt,
            FaultSeen = _faultAt is { } f ? _evaluator.FirstFailing(_series, f) : null,
            Detected = _detected, ResponseDue = _responseDue, Responded = _responded, Mitigated = _mitigated, Recovered = _recoveredAt, Healed = _healed,
        };
        return new DrillObservation(timeline, [.. _series], AssumedSpans(), outcome, invalid, _notes) { WarmUpP95 = _warmUpP95, SteadyState = _steadyRule };
    }

    // What the drill file declares about people and alerting, placed where it happened. Only on the path to recovery: with
    // no runbook the alert starts nothing, and the outage runs concurrently with it (counting both would add them up).
    private List<TimelineSpan> AssumedSpans()
    {
        var spans = new List<TimelineSpan>();
        if (_faultAt is not { } f || _detected is not { } d || _responded is null) return spans;
        var window = f + _detect.For;
        spans.Add(new TimelineSpan(f, window < d ? window : d, SpanKind.Assumed, $"the alert rule's {DurationText.Human(_drill.Detect.For)} window"));
        if (_responseDue is { } due && due > d)
            spans.Add(new TimelineSpan(d, due, SpanKind.Assumed, $"a {DurationText.Human(_drill.RespondAfter)} response"));
        return spans;
    }

    // The p95 of the steady window that let the fault in: the largest of its buckets' p95s. The p95 of all its requests
    // is never above that (each bucket has 95% of its answers at or under its own p95), so a relative threshold built on
    // it is never tighter than the seed's rule, at the cost of being up to one bucket's spread looser.
    private TimeSpan? WarmUpP95()
    {
        var buckets = (int)Math.Ceiling(_options.SteadyStateWindow / _load.BucketSize);
        var window = _series.Skip(Math.Max(0, _series.Count - buckets)).Where(b => b.Count > 0).ToList();
        return window.Count == 0 ? null : TimeSpan.FromMilliseconds(window.Max(b => b.P95));
    }

    private static TimeSpan Max(params TimeSpan[] values) => values.Max();
    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:0} ms";

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
