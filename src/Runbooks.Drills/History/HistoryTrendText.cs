using System.Globalization;
using System.Text;
using Runbooks.Drills.Definitions;

namespace Runbooks.Drills.History;

/// <summary>
/// The console's view of a drill's history: its RTO row, the last runs as a small table, a one-line sparkline of the
/// projected RTO, and the drift line when the rule flags one.
/// </summary>
public static class HistoryTrendText
{
    // Eight heights; the top one stands for the acceptable RTO (or the largest run, if larger), so a glance shows how
    // close the runs come to a breach, not only how they move among themselves.
    private const string Bars = "▁▂▃▄▅▆▇█";

    /// <summary>Renders <paramref name="trend"/>'s last <paramref name="last"/> runs.</summary>
    public static string Render(DrillTrend trend, int last)
    {
        var text = new StringBuilder();
        if (trend.Records.Count == 0)
        {
            text.AppendLine($"{trend.Drill}: no history yet (`drill run {trend.Drill}` records one).");
            return text.ToString();
        }
        var latest = trend.Records[^1];
        var shown = trend.Records.TakeLast(last).ToList();
        text.AppendLine($"{trend.Drill} ({latest.Severity}): RTO target {Human(latest.RtoTargetMs)}, acceptable {Human(latest.RtoAcceptableMs)}; "
            + $"the last {shown.Count} of {trend.Records.Count} run(s)");
        string[] header = ["WHEN (UTC)", "COMMIT", "ENV", "SCALE", "RTO (projected)", "VERDICT", "RESULT"];
        var rows = shown.Select(r => new[]
        {
            r.When.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            r.Commit is { Length: > 0 } c ? c[..Math.Min(7, c.Length)] : "-",
            r.Environment,
            r.TimeScale.ToString("0.####", CultureInfo.InvariantCulture),
            r.ProjectedRtoMs is { } ms ? Human(ms) : r.Result == DrillHistoryRecord.Invalid ? "-" : "never",
            r.RtoVerdict ?? "-",
            r.Result,
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(row => row[i].Length))).ToArray();
        void Line(string[] cells) => text.AppendLine("  " + string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        Line(header);
        foreach (var row in rows) Line(row);
        text.AppendLine($"  trend: {Sparkline(shown)}  (oldest to newest; {Bars[^1]} = {Human(Top(shown))}, · = no RTO)");
        if (trend.Drift is { } drift) text.AppendLine(drift.Sentence);
        return text.ToString();
    }

    /// <summary>One character per run: its projected RTO as a bar against the acceptable RTO, or · when it has none.</summary>
    public static string Sparkline(IReadOnlyList<DrillHistoryRecord> runs)
    {
        var top = Top(runs);
        return string.Concat(runs.Select(r => r.ProjectedRtoMs is { } ms
            ? Bars[Math.Clamp((int)Math.Ceiling(ms / top * Bars.Length) - 1, 0, Bars.Length - 1)]
            : '·'));
    }

    private static double Top(IReadOnlyList<DrillHistoryRecord> runs)
        => Math.Max(1, runs.Select(r => Math.Max(r.RtoAcceptableMs, r.ProjectedRtoMs ?? 0)).DefaultIfEmpty(1).Max());

    private static string Human(double ms) => DurationText.Human(TimeSpan.FromMilliseconds(ms));
}
