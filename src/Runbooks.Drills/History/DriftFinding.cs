namespace Runbooks.Drills.History;

/// <summary>A slow rise of a drill's projected RTO that no single run's verdict or baseline showed.</summary>
/// <param name="Drill">The drill.</param>
/// <param name="Before">The median projected RTO of the earlier window.</param>
/// <param name="After">The median projected RTO of the latest window.</param>
/// <param name="Runs">How many runs the two windows cover.</param>
/// <param name="Flagged">The runs of the latest window, which the HTML page marks.</param>
public sealed record DriftFinding(string Drill, TimeSpan Before, TimeSpan After, int Runs, IReadOnlyList<DrillHistoryRecord> Flagged)
{
    /// <summary>The console's line: <c>drift: NAME RTO median rose from X to Y over the last N runs</c>.</summary>
    public string Sentence => $"drift: {Drill} RTO median rose from {Definitions.DurationText.Human(Before)} to {Definitions.DurationText.Human(After)} over the last {Runs} runs";
}
