using System.Text;
using Runbooks.Drills.Measurement;

namespace Runbooks.Drills.Reports;

/// <summary>The console's verdict table: one row per drill, the measured RTO beside its scaled budget, then why each failed.</summary>
public static class VerdictTable
{
    /// <summary>Renders <paramref name="results"/> as aligned plain text.</summary>
    public static string Render(IReadOnlyList<DrillResult> results)
    {
        string[] header = ["DRILL", "SEV", "SCALE", "DETECT", "RUNBOOK", "RTO", "BUDGET (target/acceptable)", "RTO VERDICT", "PROJECTED RTO", "RPO", "RESULT"];
        var rows = results.Select(r => new[]
        {
            r.Drill.Name,
            r.Drill.Severity,
            ReportFormat.Num(r.TimeScale),
            ReportFormat.Human(r.Timeline.TimeToDetect),
            r.RunbookExitCode is { } exit ? $"{ReportFormat.Human(r.Timeline.RunbookDuration)} (exit {exit})" : "-",
            r.Timeline.Rto is { } rto ? ReportFormat.Human(rto) : "never",
            $"{ReportFormat.Human(r.RtoObjective.Target * r.TimeScale)} / {ReportFormat.Human(r.RtoObjective.Acceptable * r.TimeScale)}",
            ReportFormat.Verdict(r.RtoVerdict),
            ReportFormat.Human(r.ProjectedRto),
            r.Rpo is { } rpo ? $"{rpo.Lost}/{rpo.Acknowledged} lost, {ReportFormat.Human(rpo.Span)} ({ReportFormat.Verdict(rpo.Verdict)})" : "-",
            r.Invalid is not null ? "INVALID" : r.Passed ? "pass" : "FAIL",
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        void Line(string[] cells) => text.AppendLine(string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        Line(header);
        foreach (var row in rows) Line(row);
        foreach (var r in results)
        {
            foreach (var f in r.Failures) text.AppendLine($"{r.Drill.Name}: {f}");
            foreach (var w in r.Warnings) text.AppendLine($"{r.Drill.Name}: warning: {w}");
            if (r.Baseline?.Warning is { } faster) text.AppendLine($"{r.Drill.Name}: warning: {faster}");
            if (r.Baseline?.NotCompared is { } none) text.AppendLine($"{r.Drill.Name}: {none}");
        }
        var failed = results.Count(r => !r.Passed);
        text.Append(failed == 0 ? $"{results.Count} drill(s) passed." : $"{failed} of {results.Count} drill(s) failed.");
        return text.ToString();
    }
}
