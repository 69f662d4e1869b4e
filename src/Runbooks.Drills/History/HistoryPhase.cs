namespace Runbooks.Drills.History;

/// <summary>One phase of a recorded run's projected timeline, named as the JSON report names it.</summary>
/// <param name="Name">The phase's row name ("alert rule window", "runbook work", "until stable").</param>
/// <param name="Kind">measured, simulated or assumed.</param>
/// <param name="ProjectedMs">What the phase stands for in the real world, in milliseconds.</param>
public sealed record HistoryPhase(string Name, string Kind, double ProjectedMs);
