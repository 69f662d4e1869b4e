using Runbooks.Drills.Measurement;

namespace Runbooks.Drills.History;

/// <summary>
/// Appends one record per finished drill to a <see cref="DrillHistoryStore"/>, stamped with the batch's commit and
/// environment and the time the drill ended (from <see cref="TimeProvider"/>, so tests stamp on a fake clock).
/// </summary>
/// <param name="store">Where the records go.</param>
/// <param name="environment"><see cref="DrillHistoryRecord.Simulated"/>, or the name of the environment drilled.</param>
/// <param name="commit">The commit that runs (<see cref="GitCommit.Resolve"/>), or null.</param>
/// <param name="time">The clock that stamps each record.</param>
public sealed class DrillHistoryRecorder(DrillHistoryStore store, string environment, string? commit, TimeProvider time)
{
    /// <summary>The store written to.</summary>
    public DrillHistoryStore Store { get; } = store;

    /// <summary>Appends the record of <paramref name="result"/> and returns it.</summary>
    public DrillHistoryRecord Record(DrillResult result)
    {
        var record = DrillHistoryRecord.From(result, time.GetUtcNow(), commit, environment);
        Store.Append(record);
        return record;
    }
}
