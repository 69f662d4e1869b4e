namespace Runbooks.Drills.Baselines;

/// <summary>
/// A drill's baseline under one key: the runbook's measured work (real time, unscaled) in its last runs, and the rules
/// a new figure is judged by against their median. Without samples it stands for "none recorded for this key yet".
/// </summary>
public sealed record Baseline
{
    /// <summary>How many runs are kept: enough for the median to shrug off one cold or disturbed run, few enough to follow the code.</summary>
    public const int MaxSamples = 5;

    /// <summary>The last <see cref="MaxSamples"/> of <paramref name="samples"/> (oldest first) under <paramref name="key"/>.</summary>
    public Baseline(BaselineKey key, IEnumerable<TimeSpan> samples)
    {
        Key = key;
        var kept = samples.ToArray();
        if (kept.Any(s => s < TimeSpan.Zero)) throw new ArgumentOutOfRangeException(nameof(samples), "A baseline sample cannot be negative.");
        Samples = kept.Length > MaxSamples ? kept[^MaxSamples..] : kept;
    }

    /// <summary>What the samples were measured under.</summary>
    public BaselineKey Key { get; }

    /// <summary>The kept samples, oldest first; at most <see cref="MaxSamples"/>.</summary>
    public IReadOnlyList<TimeSpan> Samples { get; }

    /// <summary>True when at least one run was recorded under <see cref="Key"/>.</summary>
    public bool IsRecorded => Samples.Count > 0;

    /// <summary>The median of the samples (the mean of the middle two when their number is even); null when none is recorded.</summary>
    public TimeSpan? Median
    {
        get
        {
            if (Samples.Count == 0) return null;
            var sorted = Samples.Order().ToArray();
            var mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    /// <summary>
    /// The most a run may take before it counts as a regression: 1.5 times the median plus 750 ms. Relative plus
    /// absolute, because a 2-core CI machine shared with a build varies runbook wall time by tens of percent and by a
    /// few hundred milliseconds of JIT and GC, and a regression worth failing a build for is larger than both.
    /// Null when none is recorded.
    /// </summary>
    public TimeSpan? RegressionLimit => Median is { } m ? m * 1.5 + TimeSpan.FromMilliseconds(750) : null;

    /// <summary>Whether <paramref name="measured"/> is beyond <see cref="RegressionLimit"/>; never, when none is recorded.</summary>
    public bool IsRegression(TimeSpan measured) => RegressionLimit is { } limit && measured > limit;

    /// <summary>
    /// Whether <paramref name="measured"/> is under a third of the median and at least 500 ms below it: faster than
    /// noise explains, which is how a runbook that stopped doing a step (its verification) shows.
    /// </summary>
    public bool IsMuchFaster(TimeSpan measured)
        => Median is { } m && measured < m / 3 && m - measured >= TimeSpan.FromMilliseconds(500);

    /// <summary>This baseline with <paramref name="newer"/> appended, the oldest dropped beyond <see cref="MaxSamples"/>.</summary>
    public Baseline Append(IEnumerable<TimeSpan> newer) => new(Key, Samples.Concat(newer));

    /// <summary>None recorded under <paramref name="key"/>.</summary>
    public static Baseline None(BaselineKey key) => new(key, []);

    /// <summary>Equal when the key and the samples, in order, are.</summary>
    public bool Equals(Baseline? other) => other is not null && Key == other.Key && Samples.SequenceEqual(other.Samples);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Key, Samples.Count, Samples.Count > 0 ? Samples[0] : default);
}
