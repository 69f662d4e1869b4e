using System.Text;
using Runbooks.Drills.Measurement;

namespace Runbooks.Drills.Reports;

/// <summary>
/// The console's verdict table: one row per drill with the projected real-world RTO the verdict judges, the real-world
/// budget, the phase that decides it and the RPO; then each drill's findings, failures and warnings.
/// </summary>
public static class VerdictTable
{
    /// <summary>Renders <paramref name="results"/> as aligned plain text.</summary>
    public static string Render(IReadOnlyList<DrillResult> results)
    {
        string[] header = ["DRILL", "SEV", "SCALE", "RTO (projected)", "TARGET / ACCEPTABLE", "RTO VERDICT", "DECIDED BY", "RUNBOOK", "RPO", "RESULT"];
        var rows = results.Select(r => new[]
        {
            r.Drill.Name,
            r.Drill.Severity,
            r.TimeScale.ToString(),
            r.ProjectedRto is { } rto ? ReportFormat.Human(rto) : r.Invalid is null ? "never" : "-",
            $"{ReportFormat.Human(r.RtoObjective.Target)} / {ReportFormat.Human(r.RtoObjective.Acceptable)}",
            r.Invalid is null ? ReportFormat.Verdict(r.RtoVerdict) : "-",
            r.Projection?.Dominant is { } top ? $"{top.Name} ({top.KindName})" : "-",
            r.RunbookExitCode is { } exit ? $"exit {exit}" : "-",
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
            if (r.Invalid is null)
                foreach (var f in r.Findings) text.AppendLine($"{r.Drill.Name}: {f}");
            if (r.Invalid is null && r.Latency is { } latency) text.AppendLine($"{r.Drill.Name}: {latency.Sentence()}");
            foreach (var f in r.Failures) text.AppendLine($"{r.Drill.Name}: {(r.Invalid is null ? "" : "invalid: ")}{f}");
            foreach (var w in r.Warnings) text.AppendLine($"{r.Drill.Name}: warning: {w}");
            if (r.Baseline?.Warning is { } faster) text.AppendLine($"{r.Drill.Name}: warning: {faster}");
            if (r.Baseline?.NotCompared is { } none) text.AppendLine($"{r.Drill.Name}: {none}");
        }
        var invalid = results.Count(r => r.Invalid is not null);
        var failed = results.Count(r => !r.Passed && r.Invalid is null);
        text.Append(failed + invalid == 0 ? $"{results.Count} drill(s) passed."
            : string.Join(", ", new[] { failed > 0 ? $"{failed} of {results.Count} drill(s) failed" : null, invalid > 0 ? $"{invalid} invalid (nothing measured)" : null }
                .OfType<string>()) + ".");
        text.AppendLine().Append("RTO and RPO are projected to the real world: measured work as measured, simulated provider time and assumed alerting/response time divided by the scale.");
        return text.ToString();
    }
}
