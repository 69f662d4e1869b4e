using System.Globalization;
using System.Net;
using System.Text;
using Runbooks.Drills.Measurement;
using static Runbooks.Drills.Reports.ReportFormat;

namespace Runbooks.Drills.Reports;

/// <summary>
/// One self-contained HTML page per drill: the error rate and p99 latency over time as inline SVG with the measured
/// points and the RTO budget marked, then the verdict table. No script, no external asset.
/// </summary>
public static class HtmlDrillReport
{
    private const int Width = 960, Height = 356, Left = 56, Right = 64, Top = 44, Bottom = 40;

    // Rows of point labels above the plot, and the width of a label character at 11 px (for keeping labels apart).
    private const int LabelRows = 3;
    private const double LabelCharWidth = 6.2;

    /// <summary>Renders <paramref name="r"/>.</summary>
    public static string Render(DrillResult r)
    {
        var sb = new StringBuilder();
        var title = WebUtility.HtmlEncode($"Drill {r.Drill.Name}: {(r.Passed ? "passed" : "FAILED")}");
        sb.Append($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{title}}</title>
            <style>
            body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:24px;color:#1d2330;max-width:1000px}
            h1{font-size:20px;margin:0 0 4px} .sub{color:#5b6475;margin-bottom:16px}
            .badge{display:inline-block;padding:2px 10px;border-radius:10px;color:#fff;font-weight:600;background:{{(r.Passed ? "#1f9d55" : "#d64545")}}}
            table{border-collapse:collapse;margin:12px 0} td,th{border:1px solid #d8dde6;padding:4px 10px;text-align:left} th{background:#f3f5f9}
            .breach{color:#d64545;font-weight:600} svg{background:#fbfcfe;border:1px solid #e3e7ee}
            </style></head><body>
            <h1>{{title}} <span class="badge">{{(r.Passed ? "PASS" : "FAIL")}}</span></h1>
            <div class="sub">{{Enc(r.Drill.Severity)}} &middot; fault <code>{{Enc(r.Drill.Fault.Kind)}}</code> &middot; runbook <code>{{Enc(r.Drill.Runbook ?? "none (calibration)")}}</code> &middot; load {{Num(r.Drill.Load.Rate)}} req/s &middot; time scale {{r.TimeScale}} &middot; resolution {{Ms(r.Resolution)}} real-world</div>

            """);
        sb.Append(Chart(r));
        if (r.Invalid is not null) sb.Append($"<p class=\"breach\">The run is invalid: {Enc(r.Invalid)}</p>");
        if (r.Findings.Count > 0) sb.Append("<ul>" + string.Concat(r.Findings.Select(f => $"<li>{Enc(f)}</li>")) + "</ul>");
        sb.Append("<table><tr><th>measure</th><th>projected real world</th><th>target / acceptable</th><th>on the drill clock</th><th>verdict</th></tr>");
        sb.Append($"<tr><td>RTO</td><td>{Human(r.ProjectedRto)}</td><td>{Human(r.RtoObjective.Target)} / {Human(r.RtoObjective.Acceptable)}</td><td>{Ms(r.Timeline.Rto)}</td>"
            + $"<td class=\"{(r.RtoVerdict == Core.Rto.Verdict.Breach ? "breach" : "")}\">{(r.Invalid is null ? Verdict(r.RtoVerdict) : "invalid")}</td></tr>");
        if (r.Rpo is { } rpo)
            sb.Append($"<tr><td>RPO ({Enc(rpo.Objective.Key)})</td><td>{rpo.Lost} of {rpo.Acknowledged} writes lost, spanning {Human(rpo.Span)}</td>"
                + $"<td>{Human(rpo.Objective.Target)} / {Human(rpo.Objective.Acceptable)}</td><td>{Ms(rpo.DrillSpan)}</td>"
                + $"<td class=\"{(rpo.Verdict == Core.Rto.Verdict.Breach ? "breach" : "")}\">{Verdict(rpo.Verdict)}</td></tr>");
        if (r.Baseline is { } b)
            sb.Append($"<tr><td>runbook overhead vs baseline</td><td>{Ms(b.Measured)}</td>"
                + (b.Compared ? $"<td>limit {Ms(b.Limit)}</td><td>median {Ms(b.Baseline)} of {b.Samples} run(s), {Enc(b.Key.ToString())}</td>" : "<td></td><td></td>")
                + $"<td class=\"{(b.Regressed ? "breach" : "")}\">{(b.Regressed ? "REGRESSION" : Enc(b.Warning ?? b.NotCompared ?? "ok"))}</td></tr>");
        sb.Append("</table>");
        if (r.Projection is { } p)
        {
            sb.Append("<h2>Where the time went</h2><table><tr><th>phase</th><th>kind</th><th>on the drill clock</th><th>projected</th><th>what</th></tr>");
            foreach (var phase in p.Phases)
                sb.Append($"<tr><td>{Enc(phase.Name)}</td><td>{phase.KindName}</td><td>{Ms(phase.Drill)}</td><td>{Human(phase.Projected)}</td><td>{Enc(string.Join("; ", phase.What))}</td></tr>");
            sb.Append("</table>");
        }
        if (r.Failures.Count > 0)
            sb.Append("<h2>Failures</h2><ul>" + string.Concat(r.Failures.Select(f => $"<li class=\"breach\">{Enc(f)}</li>")) + "</ul>");
        if (r.Warnings.Count > 0)
            sb.Append("<h2>Instrument warnings</h2><ul>" + string.Concat(r.Warnings.Select(w => $"<li>{Enc(w)}</li>")) + "</ul>");
        if (r.RunbookSteps.Count > 0)
        {
            sb.Append("<h2>Runbook steps</h2><table><tr><th>#</th><th>step</th><th>outcome</th><th>time</th></tr>");
            foreach (var s in r.RunbookSteps)
                sb.Append($"<tr><td>{s.Index}</td><td>{Enc(s.Name)}</td><td>{Core.Steps.StepOutcomeNames.ToJournalName(s.Outcome)}</td><td>{Ms(s.Elapsed)}</td></tr>");
            sb.Append("</table>");
        }
        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    private static string Chart(DrillResult r)
    {
        var series = r.Series;
        var f = r.Timeline.Fault ?? TimeSpan.Zero;
        var end = series.Count == 0 ? TimeSpan.FromSeconds(1) : series[^1].Start + r.BucketSize;
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        double X(TimeSpan t) => Left + plotW * Math.Clamp(t / end, 0, 1);
        double YRate(double rate) => Top + plotH * (1 - Math.Clamp(rate, 0, 1));
        var maxLatency = Math.Max(1, series.Count == 0 ? 1 : series.Max(b => b.P99));
        double YLat(double ms) => Top + plotH * (1 - Math.Clamp(ms / maxLatency, 0, 1));

        var sb = new StringBuilder();
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"error rate and latency over time\">");
        // Budget band: from the fault to the acceptable RTO, the target line inside it.
        sb.Append($"<rect x=\"{N(X(f))}\" y=\"{Top}\" width=\"{N(X(f + r.TimeScale.ToDrill(r.RtoObjective.Acceptable)) - X(f))}\" height=\"{plotH}\" fill=\"#eaf6ee\"/>");
        sb.Append($"<line x1=\"{N(X(f + r.TimeScale.ToDrill(r.RtoObjective.Target)))}\" x2=\"{N(X(f + r.TimeScale.ToDrill(r.RtoObjective.Target)))}\" y1=\"{Top}\" y2=\"{Top + plotH}\" stroke=\"#1f9d55\" stroke-dasharray=\"4 3\"/>");
        // Grid and axes.
        for (var p = 0; p <= 4; p++)
        {
            var y = YRate(p / 4.0);
            sb.Append($"<line x1=\"{Left}\" x2=\"{Left + plotW}\" y1=\"{N(y)}\" y2=\"{N(y)}\" stroke=\"#e3e7ee\"/>");
            sb.Append($"<text x=\"{Left - 6}\" y=\"{N(y + 4)}\" font-size=\"11\" text-anchor=\"end\" fill=\"#d64545\">{p * 25}%</text>");
            sb.Append($"<text x=\"{Left + plotW + 6}\" y=\"{N(y + 4)}\" font-size=\"11\" fill=\"#2f6fdb\">{Num(maxLatency * p / 4, "0.#")} ms</text>");
        }
        var ticks = Math.Max(1, (int)Math.Ceiling(end.TotalSeconds / 10));
        for (var s = 0; s <= end.TotalSeconds; s += ticks)
            sb.Append($"<text x=\"{N(X(TimeSpan.FromSeconds(s)))}\" y=\"{Height - Bottom + 16}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6475\">{s}s</text>");
        sb.Append($"<text x=\"{Left + plotW / 2}\" y=\"{Height - 6}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6475\">time since load start (drill clock, scaled)</text>");
        // Simulated and assumed spans as bands under the series: what the projection divides by the scale.
        foreach (var span in r.Projection?.Spans ?? [])
            sb.Append($"<rect x=\"{N(X(span.From))}\" y=\"{Top}\" width=\"{N(Math.Max(1, X(span.To) - X(span.From)))}\" height=\"{plotH}\" "
                + $"fill=\"{(span.Kind == SpanKind.Assumed ? "#f4b860" : "#9b7fd4")}\" fill-opacity=\"0.18\"><title>{Enc(span.Kind.ToString().ToLowerInvariant())}: {Enc(span.What)}</title></rect>");
        // Error rate as a filled step area; p99 latency as a line.
        if (series.Count > 0)
        {
            var area = new StringBuilder($"M{N(X(series[0].Start))},{N(YRate(0))}");
            foreach (var b in series)
                area.Append($" L{N(X(b.Start))},{N(YRate(b.ErrorRate))} L{N(X(b.Start + r.BucketSize))},{N(YRate(b.ErrorRate))}");
            area.Append($" L{N(X(end))},{N(YRate(0))} Z");
            sb.Append($"<path d=\"{area}\" fill=\"#d64545\" fill-opacity=\"0.35\" stroke=\"#d64545\" stroke-width=\"1\"/>");
            var line = string.Join(" ", series.Select((b, i) => $"{(i == 0 ? "M" : "L")}{N(X(b.Start + r.BucketSize / 2))},{N(YLat(b.P99))}"));
            sb.Append($"<path d=\"{line}\" fill=\"none\" stroke=\"#2f6fdb\" stroke-width=\"1.5\"/>");
        }
        // Measured points.
        var marks = new (string Label, TimeSpan? At, string Colour)[]
        {
            ("fault", r.Timeline.Fault, "#1d2330"), ("detected", r.Timeline.Detected, "#e07b00"), ("responded", r.Timeline.Responded, "#7a4cc2"),
            ("mitigated", r.Timeline.Mitigated, "#00838f"), ("recovered", r.Timeline.Recovered, "#1f9d55"),
        };
        // Labels of points close in time go on separate rows, the first row whose previous label has ended.
        var rowEnds = new double[LabelRows];
        foreach (var (label, at, colour) in marks.Where(m => m.At is not null).OrderBy(m => m.At))
        {
            var t = at!.Value;
            var x = X(t);
            var text = $"{label} {Num(t.TotalSeconds, "0.00")}s";
            var row = Array.FindIndex(rowEnds, e => e <= x);
            if (row < 0) row = Array.IndexOf(rowEnds, rowEnds.Min());
            rowEnds[row] = x + 3 + text.Length * LabelCharWidth + 4;
            sb.Append($"<line x1=\"{N(x)}\" x2=\"{N(x)}\" y1=\"{Top}\" y2=\"{Top + plotH}\" stroke=\"{colour}\" stroke-width=\"1.5\"/>");
            sb.Append($"<text x=\"{N(x + 3)}\" y=\"{Top - 4 - 12 * row}\" font-size=\"11\" fill=\"{colour}\">{text}</text>");
        }
        sb.Append($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#9aa3b2\"/>");
        sb.Append("</svg>\n");
        sb.Append("<div class=\"sub\"><span style=\"color:#d64545\">&#9632;</span> error rate &nbsp; <span style=\"color:#2f6fdb\">&#9472;</span> p99 latency from intended send time &nbsp; "
            + "<span style=\"color:#1f9d55\">&#9617;</span> RTO budget (acceptable; dashed: target)</div>\n");
        return sb.ToString();
    }

    private static string N(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);
    private static string Enc(string s) => WebUtility.HtmlEncode(s);
}
