namespace Runbooks.Drills.History;

/// <summary>One drill's recorded runs and what the drift rule concluded of them: what the console and the page show.</summary>
/// <param name="Drill">The drill.</param>
/// <param name="Records">Its runs, oldest first; empty when it has no history.</param>
/// <param name="Drift">The drift found, or null.</param>
public sealed record DrillTrend(string Drill, IReadOnlyList<DrillHistoryRecord> Records, DriftFinding? Drift)
{
    /// <summary>The trend of <paramref name="drill"/> in <paramref name="store"/> under <paramref name="rule"/>.</summary>
    public static DrillTrend Of(string drill, DrillHistoryStore store, DriftRule rule)
    {
        var records = store.Read(drill);
        return new DrillTrend(drill, records, rule.Evaluate(records));
    }
}
