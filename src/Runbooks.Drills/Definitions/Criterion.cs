using System.Globalization;

namespace Runbooks.Drills.Definitions;

/// <summary>
/// A drill's detect or recovered rule: an error rate, a p95 latency, or both, and how long it must hold. As a detect rule
/// it trips when any of its conditions holds for the whole window (each is an alert of its own); as a recovered rule it
/// holds when all of them hold for the whole window. At least one condition is given (the drill file reader sees to it).
/// </summary>
/// <param name="ErrorRate">The error-rate threshold, 0..1: detect above it, recovered under it; null when not a condition.</param>
/// <param name="For">How long it must hold, real-world (the harness scales it).</param>
public sealed record Criterion(double? ErrorRate, TimeSpan For)
{
    /// <summary>The p95 latency threshold: detect above it, recovered under it; null when not a condition. Never scaled.</summary>
    public LatencyThreshold? P95 { get; init; }

    /// <summary>
    /// The conditions, for sentences: <c>&gt; 10% errors or p95 &gt; 1000ms</c> (detect), <c>&lt; 1% errors and p95 &lt; 1000ms</c>;
    /// a relative threshold with the warm-up figure it was judged on: <c>p95 &gt; +200% of the warm-up's 1.2 ms (3.6 ms)</c>.
    /// </summary>
    public string Describe(bool detect, TimeSpan? warmUpP95 = null)
    {
        var parts = new List<string>(2);
        if (ErrorRate is { } r) parts.Add($"{(detect ? ">" : "<")} {(r * 100).ToString("0.#", CultureInfo.InvariantCulture)}% errors");
        if (P95 is { } p)
            parts.Add($"p95 {(detect ? ">" : "<")} {p}" + (!p.IsRelative ? ""
                : warmUpP95 is { } w ? $" of the warm-up's {Ms(w)} ({Ms(p.Resolve(w)!.Value)})" : " of a warm-up p95 that was never measured"));
        return string.Join(detect ? " or " : " and ", parts);
    }

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds.ToString("0.##", CultureInfo.InvariantCulture)} ms";
}
