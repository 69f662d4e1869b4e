using System.Text.Json;
using Runbooks.Core.Steps;
using Runbooks.Drills.Measurement;

namespace Runbooks.Drills.Reports;

/// <summary>The machine's truth: every measured point, verdict and bucket of a drill as JSON.</summary>
public static class JsonDrillReport
{
    /// <summary>Renders <paramref name="r"/>.</summary>
    public static string Render(DrillResult r)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("drill", r.Drill.Name);
            w.WriteString("file", r.Drill.SourcePath);
            w.WriteString("runbook", r.Drill.Runbook);
            w.WriteString("severity", r.Drill.Severity);
            w.WriteString("fault", r.Drill.Fault.Kind);
            w.WriteBoolean("passed", r.Passed);
            if (r.Invalid is not null) w.WriteString("invalid", r.Invalid);
            w.WriteNumber("timeScale", r.TimeScale.Value);
            w.WriteNumber("wallMs", Math.Round(r.WallTime.TotalMilliseconds));
            w.WriteStartObject("timelineMs");
            Point(w, "fault", r.Timeline.Fault);
            Point(w, "detected", r.Timeline.Detected);
            Point(w, "responded", r.Timeline.Responded);
            Point(w, "mitigated", r.Timeline.Mitigated);
            Point(w, "recovered", r.Timeline.Recovered);
            Point(w, "healed", r.Timeline.Healed);
            Point(w, "faultSeen", r.Timeline.FaultSeen);
            w.WriteEndObject();
            w.WriteStartObject("rto");
            Point(w, "measuredMs", r.Timeline.Rto);
            Point(w, "projectedRealWorldMs", r.ProjectedRto);
            // The budgets on the drill clock, as before; the verdict judges the projected RTO against the real-world row.
            Point(w, "budgetTargetMs", r.TimeScale.ToDrill(r.RtoObjective.Target));
            Point(w, "budgetAcceptableMs", r.TimeScale.ToDrill(r.RtoObjective.Acceptable));
            Point(w, "targetMs", r.RtoObjective.Target);
            Point(w, "acceptableMs", r.RtoObjective.Acceptable);
            w.WriteString("verdict", ReportFormat.Verdict(r.RtoVerdict));
            w.WriteString("verdictOn", "projectedRealWorldMs");
            Point(w, "timeToDetectMs", r.Timeline.TimeToDetect);
            Point(w, "timeToRespondMs", r.Timeline.TimeToRespond);
            Point(w, "runbookMs", r.Timeline.RunbookDuration);
            Point(w, "runbookWorkMs", r.RunbookWork);
            Point(w, "timeToHealMs", r.Timeline.TimeToHeal);
            Point(w, "claimedRecoveryMs", r.ClaimedRecovery);
            Point(w, "projectedRecoveryAfterResponseMs", r.ProjectedRecoveryAfterResponse);
            w.WriteEndObject();
            if (r.Rpo is { } rpo)
            {
                w.WriteStartObject("rpo");
                w.WriteNumber("acknowledgedWrites", rpo.Acknowledged);
                w.WriteNumber("lostWrites", rpo.Lost);
                Point(w, "spanMs", rpo.Span);
                Point(w, "drillSpanMs", rpo.DrillSpan);
                Point(w, "lastLostMs", rpo.LastLost);
                w.WriteNumber("lostWhileRunbookRan", rpo.LostWhileRunbookRan);
                w.WriteString("data", rpo.Objective.Key);
                Point(w, "targetMs", rpo.Objective.Target);
                Point(w, "acceptableMs", rpo.Objective.Acceptable);
                w.WriteString("verdict", ReportFormat.Verdict(rpo.Verdict));
                Phases(w, rpo.Phases);
                w.WriteEndObject();
            }
            if (r.Projection is { } p)
            {
                w.WriteStartObject("projection");
                Point(w, "resolutionMs", r.Resolution);
                Point(w, "recoveredMs", p.Recovered);
                w.WriteString("dominantPhase", p.Dominant?.Name);
                Strings(w, "findings", r.Findings);
                w.WriteStartArray("communications");
                foreach (var c in r.Communications)
                {
                    w.WriteStartObject();
                    w.WriteString("channel", c.Channel);
                    if (c.Status is not null) w.WriteString("status", c.Status);
                    w.WriteString("text", c.Text);
                    Point(w, "sinceFaultMs", c.SinceFault);
                    w.WriteString("kind", "simulated channel, projected");
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                Phases(w, p.Phases);
                w.WriteStartArray("spans");
                foreach (var span in p.Spans)
                {
                    w.WriteStartObject();
                    w.WriteString("kind", span.Kind.ToString().ToLowerInvariant());
                    w.WriteString("what", span.What);
                    Point(w, "fromMs", span.From);
                    Point(w, "toMs", span.To);
                    Point(w, "realWorldMs", span.RealWorld ?? p.Scale.ToRealWorld(span.Length));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            if (r.Latency is { } latency)
            {
                // Per-request time, measured at real time whatever the scale: never projected.
                w.WriteStartObject("latency");
                w.WriteString("kind", "measured");
                Point(w, "warmUpP95Ms", latency.WarmUp);
                Point(w, "worstP95Ms", latency.Worst);
                Point(w, "recoveredP95Ms", latency.Recovered);
                Point(w, "detectP95ThresholdMs", latency.DetectThreshold);
                Point(w, "recoveredP95ThresholdMs", latency.RecoveredThreshold);
                w.WriteEndObject();
            }
            w.WriteNumber("droppedArrivals", r.DroppedArrivals);
            if (r.Baseline is { } baseline)
            {
                w.WriteStartObject("baseline");
                Point(w, "measuredMs", baseline.Measured);
                Point(w, "baselineMs", baseline.Baseline);
                Point(w, "limitMs", baseline.Limit);
                w.WriteBoolean("regressed", baseline.Regressed);
                // Added after the fields above, which consumers already read: the key compared under, how many runs
                // the median is of (0: none kept, nothing compared), and the much-faster flag with its sentence.
                w.WriteString("key", baseline.Key.ToString());
                w.WriteNumber("samples", baseline.Samples);
                w.WriteBoolean("muchFaster", baseline.MuchFaster);
                w.WriteString("note", baseline.Warning ?? baseline.NotCompared);
                w.WriteBoolean("coldStart", baseline.ColdStart);
                w.WriteEndObject();
            }
            if (r.RunbookExitCode is { } exit) w.WriteNumber("runbookExitCode", exit);
            w.WriteString("journal", r.RunbookJournal);
            w.WriteStartArray("steps");
            for (var i = 0; i < r.RunbookSteps.Count; i++)
            {
                var s = r.RunbookSteps[i];
                w.WriteStartObject();
                w.WriteString("name", s.Name);
                w.WriteString("outcome", s.Outcome.ToJournalName());
                w.WriteNumber("ms", Math.Round(s.Elapsed.TotalMilliseconds));
                if (i < r.RunbookStepStarts.Count && r.RunbookStepStarts[i] is { } start) Point(w, "startMs", start);
                if (s.Error is not null) w.WriteString("error", s.Error);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            Strings(w, "failures", r.Failures);
            Strings(w, "warnings", r.Warnings);
            w.WriteNumber("bucketMs", r.BucketSize.TotalMilliseconds);
            w.WriteStartArray("buckets");
            foreach (var b in r.Series)
            {
                w.WriteStartArray();
                w.WriteNumberValue(Math.Round(b.Start.TotalMilliseconds));
                w.WriteNumberValue(b.Count);
                w.WriteNumberValue(b.Errors);
                w.WriteNumberValue(Math.Round(b.P50, 2));
                w.WriteNumberValue(Math.Round(b.P99, 2));
                w.WriteNumberValue(Math.Round(b.P95, 2)); // added last, so readers of the first five columns are unaffected
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteString("bucketColumns", "startMs,count,errors,p50Ms,p99Ms,p95Ms");
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Phases(Utf8JsonWriter w, IReadOnlyList<PhaseShare> phases)
    {
        w.WriteStartArray("phases");
        foreach (var phase in phases)
        {
            w.WriteStartObject();
            w.WriteString("phase", phase.Phase.ToString());
            w.WriteString("name", phase.Name);
            w.WriteString("kind", phase.KindName);
            Point(w, "drillMs", phase.Drill);
            Point(w, "projectedMs", phase.Projected);
            Strings(w, "what", phase.What);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Point(Utf8JsonWriter w, string name, TimeSpan? t)
    {
        if (t is { } v) w.WriteNumber(name, Math.Round(v.TotalMilliseconds, 1));
        else w.WriteNull(name);
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> items)
    {
        w.WriteStartArray(name);
        foreach (var s in items) w.WriteStringValue(s);
        w.WriteEndArray();
    }
}
