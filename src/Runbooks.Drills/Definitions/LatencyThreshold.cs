using System.Globalization;

namespace Runbooks.Drills.Definitions;

/// <summary>
/// A p95 latency threshold as a drill file writes it: absolute (<c>1000ms</c>, seed 001's "Response time &lt; 1000ms
/// (95th percentile)") or relative to the p95 the load measured in the healthy warm-up before the fault (<c>+200%</c>,
/// seed 001's "Performance Degradation 200-300%": three times the warm-up's p95). A per-request duration of real time:
/// it is never scaled by the drill's time scale, because every request really takes as long as it takes.
/// </summary>
public sealed record LatencyThreshold
{
    private LatencyThreshold(TimeSpan? absolute, double? increase) => (Absolute, Increase) = (absolute, increase);

    /// <summary>The threshold itself, for an absolute one; null for a relative one.</summary>
    public TimeSpan? Absolute { get; }

    /// <summary>For a relative one, the increase over the warm-up's p95 as a fraction (<c>+200%</c> is 2); null for an absolute one.</summary>
    public double? Increase { get; }

    /// <summary>Whether the threshold needs the warm-up's p95 to mean anything.</summary>
    public bool IsRelative => Increase is not null;

    /// <summary>An absolute threshold.</summary>
    public static LatencyThreshold Of(TimeSpan p95)
        => p95 > TimeSpan.Zero ? new(p95, null) : throw new ArgumentOutOfRangeException(nameof(p95), p95, "A latency threshold must be positive.");

    /// <summary>A threshold <paramref name="increase"/> (2 for +200%) above the warm-up's p95.</summary>
    public static LatencyThreshold RelativeToWarmUp(double increase)
        => increase > 0 && double.IsFinite(increase) ? new(null, increase)
            : throw new ArgumentOutOfRangeException(nameof(increase), increase, "An increase must be above 0.");

    /// <summary>
    /// The threshold in force: the absolute one, or the warm-up's p95 times one plus the increase; null for a relative
    /// threshold when nothing was measured before the fault (it then cannot be judged).
    /// </summary>
    public TimeSpan? Resolve(TimeSpan? warmUpP95) => Absolute ?? (warmUpP95 is { } w ? w * (1 + Increase!.Value) : null);

    /// <summary>Parses <c>1000ms</c>, <c>1.5s</c> or <c>+200%</c>; false for anything else (a bare number: its unit would be a guess).</summary>
    public static bool TryParse(string? text, out LatencyThreshold? threshold)
    {
        threshold = null;
        var t = text?.Trim() ?? "";
        if (t.StartsWith('+') && t.EndsWith('%'))
        {
            if (!double.TryParse(t[1..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var pct) || pct <= 0) return false;
            threshold = RelativeToWarmUp(pct / 100);
            return true;
        }
        if (!DurationText.TryParse(t, out var d) || d <= TimeSpan.Zero) return false;
        threshold = Of(d);
        return true;
    }

    /// <summary>As a drill file writes it: <c>1000ms</c> or <c>+200%</c>.</summary>
    public override string ToString() => Absolute is { } a
        ? $"{a.TotalMilliseconds.ToString("0.##", CultureInfo.InvariantCulture)}ms"
        : $"+{(Increase!.Value * 100).ToString("0.##", CultureInfo.InvariantCulture)}%";
}
