using Runbooks.Drills.History;

namespace Runbooks.Tests.Drills.History;

/// <summary>History records as <c>drill run</c> would write them, for a drill of 2 min target and 5 min acceptable.</summary>
internal static class HistoryRecords
{
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A run <paramref name="index"/> hours after <see cref="Start"/> with a projected RTO of <paramref name="seconds"/>.</summary>
    public static DrillHistoryRecord Run(int index, double? seconds, string drill = "worker-rollback", string result = DrillHistoryRecord.Pass) => new()
    {
        When = Start.AddHours(index),
        Drill = drill,
        Commit = $"{index:x2}c0ffee{index:x2}deadbeef",
        Environment = DrillHistoryRecord.Simulated,
        TimeScale = 0.02,
        Severity = "P0",
        RtoTargetMs = 120_000,
        RtoAcceptableMs = 300_000,
        ProjectedRtoMs = seconds * 1000,
        RtoVerdict = seconds switch { null => null, <= 120 => "within target", <= 300 => "within acceptable", _ => "BREACH" },
        Phases = [new HistoryPhase("alert rule window", "assumed", 120_000), new HistoryPhase("runbook work", "measured", 1500)],
        Result = result,
        RunbookWorkMs = 1500,
    };

    /// <summary>Runs with these projected RTOs, an hour apart.</summary>
    public static IReadOnlyList<DrillHistoryRecord> Runs(params double[] seconds) => seconds.Select((s, i) => Run(i, s)).ToList();
}
