using System.Globalization;
using Runbooks.Core.Errors;

namespace Runbooks.Drills.History;

/// <summary>
/// When a drill's history counts as drifting: the median projected RTO of its last <see cref="Window"/> runs rose above
/// the median of the <see cref="Window"/> runs before them by more than <see cref="MinRiseRatio"/> of it and by at
/// least <see cref="MinRise"/>, whatever each run's verdict. A baseline compares one run with kept runs of the runbook's
/// work; this catches a rise made of many small steps, or one outside the runbook (a detection or a provider phase).
/// Immutable; validated on construction.
/// </summary>
public sealed record DriftRule
{
    /// <summary>Runs per window (3): a median of three ignores one noisy run, and two windows need only six runs.</summary>
    public const int DefaultWindow = 3;

    /// <summary>The relative rise (20%): a long RTO (an hour's restore) moves by minutes of noise without drifting.</summary>
    public const double DefaultMinRiseRatio = 0.20;

    /// <summary>
    /// The absolute rise (5 s projected): on this 2-core CI the measured phases of a run move by a second or two between
    /// runs (a concurrent build, JIT), so a short RTO's 20% is noise unless it is also seconds.
    /// </summary>
    public static readonly TimeSpan DefaultMinRise = TimeSpan.FromSeconds(5);

    /// <summary>The defaults.</summary>
    public static readonly DriftRule Default = new(DefaultWindow, DefaultMinRiseRatio, DefaultMinRise);

    /// <summary>A rule; bad input when a figure is out of range.</summary>
    public DriftRule(int window, double minRiseRatio, TimeSpan minRise)
    {
        if (window < 1) throw new BadInputException($"The drift window must be at least 1 run, not {window}.");
        if (!(minRiseRatio >= 0) || double.IsInfinity(minRiseRatio))
            throw new BadInputException($"The drift threshold must be a percentage of 0 or more, not {(minRiseRatio * 100).ToString(CultureInfo.InvariantCulture)}.");
        if (minRise < TimeSpan.Zero) throw new BadInputException($"The drift's least rise must not be negative, not {minRise}.");
        Window = window;
        MinRiseRatio = minRiseRatio;
        MinRise = minRise;
    }

    /// <summary>Runs in each of the two windows compared.</summary>
    public int Window { get; }

    /// <summary>The least relative rise of the median that is drift (0.2 = 20%).</summary>
    public double MinRiseRatio { get; }

    /// <summary>The least absolute rise of the median, projected real-world time, that is drift.</summary>
    public TimeSpan MinRise { get; }

    /// <summary>
    /// The drift in <paramref name="records"/> (one drill's, oldest first), or null. Only runs with a projected RTO count
    /// (an invalid run measured nothing), and only those of the latest run's environment: staging and the simulator
    /// are different instruments, and a move between them is not a drift.
    /// </summary>
    public DriftFinding? Evaluate(IReadOnlyList<DrillHistoryRecord> records)
    {
        if (records.Count == 0) return null;
        var environment = records[^1].Environment;
        var measured = records.Where(r => r.ProjectedRtoMs is not null && r.Environment == environment).ToList();
        if (measured.Count < 2 * Window) return null;
        var after = measured.TakeLast(Window).ToList();
        var before = measured.SkipLast(Window).TakeLast(Window).ToList();
        var from = Median(before);
        var to = Median(after);
        var rise = to - from;
        if (rise <= from * MinRiseRatio || rise < MinRise.TotalMilliseconds) return null;
        return new DriftFinding(records[^1].Drill, TimeSpan.FromMilliseconds(from), TimeSpan.FromMilliseconds(to), 2 * Window, after);
    }

    private static double Median(IReadOnlyList<DrillHistoryRecord> window)
    {
        var sorted = window.Select(r => r.ProjectedRtoMs!.Value).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
