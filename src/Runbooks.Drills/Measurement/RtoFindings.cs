using Runbooks.Core.Rto;
using Runbooks.Drills.Definitions;

namespace Runbooks.Drills.Measurement;

/// <summary>
/// What a team needs to hear about its RTO beyond the verdict: which phase decides it, and which knob would meet the
/// target, found by recomputing the assumed spans (the alert rule's window, the response time) with smaller values.
/// </summary>
public static class RtoFindings
{
    /// <summary>"The alert rule window (assumed) decides this RTO: 2 min of 2 min 21 s; the runbook works 3.1 s and waits 20.0 s on the provider."</summary>
    public static string? Dominant(TimelineProjection projection)
    {
        if (projection.Rto is not { } rto || projection.Dominant is not { } top) return null;
        var phases = projection.Phases;
        var work = Sum(phases, p => p.Phase == DrillPhase.Runbook && p.Kind == SpanKind.Measured);
        var provider = Sum(phases, p => p.Kind == SpanKind.Simulated);
        var rest = projection.Timeline.Responded is null ? "" : top.Name == "runbook work"
            ? $"; it waits {DurationText.Human(provider)} on the provider"
            : $"; the runbook works {DurationText.Human(work)} and waits {DurationText.Human(provider)} on the provider";
        return $"The {top.Name} ({top.KindName}) decides this RTO: {DurationText.Human(top.Projected)} of {DurationText.Human(rto)}{rest}.";
    }

    /// <summary>
    /// Whether the target is met, and if not, the smallest change of the assumed spans that meets it, or why none can:
    /// "With a 30 s detection window instead of 2 min, the projected RTO is 52.0 s, within the 2 min target."
    /// </summary>
    public static string? WhatWouldMeetTarget(TimelineProjection projection, Objective objective)
    {
        if (projection.Rto is not { } rto) return null;
        var target = objective.Target;
        if (rto <= target) return $"Within the {DurationText.Human(target)} target with {DurationText.Human(target - rto)} to spare.";
        var phases = projection.Phases;
        var detection = Sum(phases, p => p.Phase == DrillPhase.Detection && p.Kind == SpanKind.Assumed);
        var response = Sum(phases, p => p.Phase == DrillPhase.Response && p.Kind == SpanKind.Assumed);
        var fixedPart = rto - detection - response;
        if (fixedPart >= target)
            return $"No alert rule or response time meets the {DurationText.Human(target)} target: the rest of the timeline (runbook work, provider time, "
                + $"evaluation) alone takes {DurationText.Human(fixedPart)}; the runbook or the provider must get faster.";
        var room = target - fixedPart;
        // Shorten the alert window first (a rule is cheaper to change than a rota), then the response.
        var newDetection = RoundDown(detection < room ? detection : room);
        var newResponse = RoundDown(room - newDetection < response ? room - newDetection : response);
        var projected = fixedPart + newDetection + newResponse;
        var change = newResponse == response
            ? $"a {DurationText.Human(newDetection)} detection window instead of {DurationText.Human(detection)}"
            : $"a {DurationText.Human(newDetection)} detection window instead of {DurationText.Human(detection)} and a {DurationText.Human(newResponse)} "
              + $"response instead of {DurationText.Human(response)}";
        return $"With {change}, the projected RTO is {DurationText.Human(projected)}, within the {DurationText.Human(target)} target.";
    }

    // A window people can set: whole 10 s above a minute, whole 5 s above 10 s, whole seconds below.
    private static TimeSpan RoundDown(TimeSpan t)
    {
        var step = t >= TimeSpan.FromMinutes(1) ? 10 : t >= TimeSpan.FromSeconds(10) ? 5 : 1;
        return TimeSpan.FromSeconds(Math.Floor(t.TotalSeconds / step) * step);
    }

    private static TimeSpan Sum(IEnumerable<PhaseShare> phases, Func<PhaseShare, bool> which)
        => phases.Where(which).Aggregate(TimeSpan.Zero, (a, p) => a + p.Projected);

    /// <summary>Whether the recovery the runbook's header claims held: from the runbook's start to stable, projected.</summary>
    public static string? Claim(TimeSpan? claimed, TimelineProjection projection)
        => claimed is not { } claim || projection.RecoveryAfterResponse is not { } took ? null
            : took <= claim
                ? $"The runbook's header claims recovery in {DurationText.Human(claim)}; it took {DurationText.Human(took)} from its start to stable: the claim holds."
                : $"The runbook's header claims recovery in {DurationText.Human(claim)}; it took {DurationText.Human(took)} from its start to stable: the claim is not met.";
}
