using Runbooks.Core.Rto;
using Runbooks.Drills.Definitions;

namespace Runbooks.Drills.Measurement;

/// <summary>
/// Seed 004's update cadence (P0 every 15 minutes, P1 every 30, ...): from the fault to the recovery, people hear
/// something at least that often. Checked on the projected timeline, so it holds or not whatever the time scale.
/// </summary>
public static class CommunicationCadence
{
    /// <summary>
    /// A line for the findings, saying who was told what and when; and a failure when the cadence of
    /// <paramref name="objective"/> was broken while the service was down (null when it held, or when nobody was told:
    /// a runbook that never notifies is a finding, not a broken cadence).
    /// </summary>
    public static (string? Finding, string? Failure) Judge(IReadOnlyList<CommunicationPoint> told, Objective objective, TimeSpan? recoveredAfterFault)
    {
        var during = told.Where(p => p.SinceFault >= TimeSpan.Zero).OrderBy(p => p.SinceFault).ToList();
        if (during.Count == 0)
            return (objective.UpdateEvery is { } every ? $"Nobody was told: the runbook posted to no channel (seed 004: {objective.Key} updates every {DurationText.Human(every)})." : null, null);
        var said = string.Join(", ", during.Select(p => $"{p.Channel}{(p.Status is null ? "" : " " + p.Status)} at +{DurationText.Human(p.SinceFault)}"));
        if (objective.UpdateEvery is not { } cadence) return ($"Told: {said}.", null);
        var end = recoveredAfterFault ?? during[^1].SinceFault;
        var points = during.Select(p => p.SinceFault).Where(t => t <= end).Prepend(TimeSpan.Zero).Append(end).ToList();
        var longest = points.Zip(points.Skip(1), (a, b) => b - a).Max();
        var held = longest <= cadence;
        var finding = $"Told: {said}. {objective.Key} cadence (every {DurationText.Human(cadence)}): {(held ? "held" : "broken")}, longest silence {DurationText.Human(longest)}.";
        return (finding, held ? null : $"People went {DurationText.Human(longest)} without an update, beyond the {objective.Key} cadence of every {DurationText.Human(cadence)} (seed 004).");
    }
}
