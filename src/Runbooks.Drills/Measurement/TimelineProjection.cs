using Runbooks.Core.Timing;

namespace Runbooks.Drills.Measurement;

/// <summary>
/// A drill's timeline projected to the real world: measured time as measured, simulated and assumed time divided by the
/// scale (or, for a span that stands for a fixed real-world length such as a backup's age, that length). Where spans
/// overlap, assumed wins over simulated and simulated over measured: a runbook retrying through an API outage is waiting
/// on the provider, not working. Every report and verdict reads its figures from here, so they cannot disagree.
/// </summary>
public sealed class TimelineProjection
{
    private readonly TimeSpan[] _edges;

    /// <summary>Projects <paramref name="timeline"/> at <paramref name="scale"/> with the given assumed and simulated spans.</summary>
    /// <param name="timeline">The measured points.</param>
    /// <param name="scale">The drill's scale.</param>
    /// <param name="spans">The assumed and simulated spans; anything else is measured.</param>
    /// <param name="resolution">
    /// How precisely the load places an edge. A recovery seen within it before the end of a simulated span is that span's
    /// end: the simulator's record is exact, while the load sees a slow answer given after the change as an early
    /// recovery, and inside a simulated span that error would be divided by the scale.
    /// </param>
    public TimelineProjection(DrillTimeline timeline, TimeScale scale, IEnumerable<TimelineSpan> spans, TimeSpan resolution = default)
    {
        Timeline = timeline;
        Fault = timeline.Fault ?? throw new ArgumentException("A timeline without a fault has nothing to project.", nameof(timeline));
        Scale = scale;
        Spans = spans.Where(s => s.To > s.From && s.Kind != SpanKind.Measured).OrderBy(s => s.From).ToList();
        Recovered = timeline.Recovered is { } r && Spans.Where(s => s.Kind == SpanKind.Simulated && s.From < r && r < s.To && s.To - r <= resolution)
            .Select(s => (TimeSpan?)s.To).Max() is { } end ? end : timeline.Recovered;
        // Cut at every span edge and every measured point, so each piece lies in one phase and under one set of spans.
        _edges = Spans.SelectMany(s => new[] { s.From, s.To })
            .Concat(new[] { timeline.Fault, timeline.Detected, timeline.ResponseDue, timeline.Responded, timeline.Mitigated, Recovered }.OfType<TimeSpan>())
            .Distinct().Order().ToArray();
    }

    /// <summary>The measured points.</summary>
    public DrillTimeline Timeline { get; }

    /// <summary>When the fault was injected: the origin of every projected figure.</summary>
    public TimeSpan Fault { get; }

    /// <summary>The scale the drill ran at.</summary>
    public TimeScale Scale { get; }

    /// <summary>The assumed and simulated spans, by start.</summary>
    public IReadOnlyList<TimelineSpan> Spans { get; }

    /// <summary>Real-world time from the fault to <paramref name="at"/> (negative before the fault).</summary>
    public TimeSpan SinceFault(TimeSpan at) => at >= Fault ? Length(Fault, at) : -Length(at, Fault);

    /// <summary>
    /// The recovery the projection uses: the measured one, or the end of the simulated span it was seen within the
    /// resolution before (see the constructor).
    /// </summary>
    public TimeSpan? Recovered { get; }

    /// <summary>The projected RTO: real-world time from the fault to sustained health; null when the service never recovered.</summary>
    public TimeSpan? Rto => Recovered is { } r ? SinceFault(r) : null;

    /// <summary>Projected time from the runbook's start to sustained health (what a runbook's "Recovery:" header claims).</summary>
    public TimeSpan? RecoveryAfterResponse => Recovered is { } r && Timeline.Responded is { } from && Timeline.Mitigated is not null
        ? r <= from ? TimeSpan.Zero : Length(from, r)
        : null;

    /// <summary>The real-world length of [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public TimeSpan Length(TimeSpan from, TimeSpan to)
    {
        var total = TimeSpan.Zero;
        foreach (var (a, b, span) in Pieces(from, to)) total += Project(a, b, span);
        return total;
    }

    /// <summary>
    /// The phase breakdown of [fault, recovered] (or up to the last measured point when the service never recovered),
    /// one row per kind of time in each phase (provider time is one row), in timeline order.
    /// </summary>
    public IReadOnlyList<PhaseShare> Phases => PhasesOf(Fault, Recovered ?? Last);

    /// <summary>The breakdown of any stretch of the timeline: an RPO's lost span starts before the fault.</summary>
    public IReadOnlyList<PhaseShare> PhasesOf(TimeSpan from, TimeSpan to)
    {
        var rows = new List<(DrillPhase Phase, SpanKind Kind, TimeSpan Drill, TimeSpan Projected, List<string> What)>();
        foreach (var (a, b, span) in Pieces(from, to))
        {
            var phase = PhaseAt(a + (b - a) / 2);
            var kind = span?.Kind ?? SpanKind.Measured;
            // Provider time is one row whether the runbook waited on it or the service caught up after the runbook ended.
            var name = PhaseShare.NameOf(phase, kind);
            var i = rows.FindIndex(r => PhaseShare.NameOf(r.Phase, r.Kind) == name);
            if (i < 0) { rows.Add((phase, kind, TimeSpan.Zero, TimeSpan.Zero, [])); i = rows.Count - 1; }
            var row = rows[i];
            if (span is not null && !row.What.Contains(span.What)) row.What.Add(span.What);
            rows[i] = (row.Phase, kind, row.Drill + (b - a), row.Projected + Project(a, b, span), row.What);
        }
        return rows.OrderBy(r => r.Phase).ThenBy(r => r.Kind).Select(r => new PhaseShare(r.Phase, r.Kind, r.Drill, r.Projected, r.What)).ToList();
    }

    /// <summary>The phase that takes the longest real-world time of the RTO, or null when there is no RTO.</summary>
    public PhaseShare? Dominant => Recovered is null ? null : Phases.MaxBy(p => p.Projected);

    private TimeSpan Last => new[] { Fault, Timeline.Detected, Timeline.Responded, Timeline.Mitigated, Timeline.Healed }
        .Max(t => t ?? TimeSpan.Zero);

    private DrillPhase PhaseAt(TimeSpan t)
    {
        var x = Timeline;
        if (t < Fault) return DrillPhase.BeforeFault;
        if (x.Detected is not { } d || t < d) return DrillPhase.Detection;
        if (x.Responded is not { } r) return DrillPhase.Recovery;
        if (t < r) return DrillPhase.Response;
        return x.Mitigated is { } m && t >= m ? DrillPhase.Recovery : DrillPhase.Runbook;
    }

    // The stretch cut at every span edge inside it; each piece is covered by the spans that overlap it at all, of which
    // the strongest kind decides (assumed over simulated) and null means measured.
    private IEnumerable<(TimeSpan From, TimeSpan To, TimelineSpan? Span)> Pieces(TimeSpan from, TimeSpan to)
    {
        if (to <= from) yield break;
        var cuts = new List<TimeSpan> { from };
        cuts.AddRange(_edges.Where(e => e > from && e < to));
        cuts.Add(to);
        for (var i = 0; i + 1 < cuts.Count; i++)
        {
            var (a, b) = (cuts[i], cuts[i + 1]);
            TimelineSpan? winner = null;
            foreach (var s in Spans)
            {
                if (s.From >= b) break;
                if (s.To <= a) continue;
                if (winner is null || s.Kind > winner.Kind) winner = s;
            }
            yield return (a, b, winner);
        }
    }

    private TimeSpan Project(TimeSpan a, TimeSpan b, TimelineSpan? span) => span switch
    {
        null => b - a,
        { RealWorld: { } real } => real * ((b - a) / span.Length),
        _ => Scale.ToRealWorld(b - a),
    };
}
