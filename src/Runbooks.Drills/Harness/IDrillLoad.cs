using Runbooks.Drills.Load;
using Runbooks.Drills.Measurement;

namespace Runbooks.Drills.Harness;

/// <summary>
/// The synthetic users as the orchestration reads them: the drill's clock, and the buckets that can no longer change.
/// The live load (<see cref="LoadRun"/>) is one; a test's service on a fake clock is another.
/// </summary>
public interface IDrillLoad
{
    /// <summary>Time since the load started: the drill's timeline.</summary>
    TimeSpan Elapsed { get; }

    /// <summary>Bucket width.</summary>
    TimeSpan BucketSize { get; }

    /// <summary>The final buckets from index <paramref name="from"/> on, as measurement reads them.</summary>
    IReadOnlyList<BucketSample> FinalSamplesFrom(int from);

    /// <summary>Where a timestamp of the drill's <see cref="TimeProvider"/> falls on the timeline.</summary>
    TimeSpan ToTimeline(long timestamp);

    /// <summary>How well the generator kept to its schedule.</summary>
    LoadGeneratorHealth Health();
}
