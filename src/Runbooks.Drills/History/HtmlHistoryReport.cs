using System.Globalization;
using System.Net;
using System.Text;
using Runbooks.Core.Rto;
using Runbooks.Drills.Definitions;
using Runbooks.Drills.Reports;

namespace Runbooks.Drills.History;

/// <summary>
/// The history page: per drill one chart of the projected RTO run by run as inline SVG, with the target and acceptable
/// lines, each point coloured by its verdict, and a drift marked over the runs it flags. Self-contained: no script, no
/// stylesheet or font fetched, so it opens from a CI artifact with no network.
/// </summary>
public static class HtmlHistoryReport
{
    private const int Width = 960, Height = 300, Left = 72, Right = 56, Top = 36, Bottom = 44;

    /// <summary>The colour of a point within target.</summary>
    public const string TargetColour = "#1f9d55";

    /// <summary>The colour of a point within acceptable.</summary>
    public const string AcceptableColour = "#e0a100";

    /// <summary>The colour of a breach (and of the acceptable line).</summary>
    public const string BreachColour = "#d64545";

    /// <summary>The colour of an invalid run, which has no RTO.</summary>
    public const string InvalidColour = "#8a93a6";

    /// <summary>Renders the page of <paramref name="trends"/>.</summary>
    public static string Render(IReadOnlyList<DrillTrend> trends, DriftRule rule)
    {
        var sb = new StringBuilder();
        sb.Append($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Drill history</title>
            <style>
            body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:24px;color:#1d2330;max-width:1000px}
            h1{font-size:20px;margin:0 0 4px} h2{font-size:17px;margin:24px 0 4px} .sub{color:#5b6475;margin-bottom:8px}
            .drift{color:{{BreachColour}};font-weight:600} svg{background:#fbfcfe;border:1px solid #e3e7ee}
            .key span{display:inline-block;width:10px;height:10px;border-radius:5px;margin:0 4px 0 12px}
            </style></head><body>
            <h1>Drill history</h1>
            <div class="sub">Projected real-world RTO of each recorded run, oldest on the left. Drift: the median of the last {{rule.Window}} runs
            above the median of the {{rule.Window}} before them by more than {{(rule.MinRiseRatio * 100).ToString("0.#", CultureInfo.InvariantCulture)}}% and at least {{Enc(Human(rule.MinRise.TotalMilliseconds))}}.</div>
            <div class="sub key"><span style="background:{{TargetColour}}"></span>within target<span style="background:{{AcceptableColour}}"></span>within acceptable<span style="background:{{BreachColour}}"></span>breach<span style="background:{{InvalidColour}}"></span>invalid (no RTO)</div>

            """);
        foreach (var trend in trends)
        {
            sb.Append($"<h2 id=\"{Enc(trend.Drill)}\">{Enc(trend.Drill)}</h2>");
            if (trend.Records.Count == 0)
            {
                sb.Append("<p>No history yet.</p>");
                continue;
            }
            var latest = trend.Records[^1];
            sb.Append($"<div class=\"sub\">{Enc(latest.Severity)} &middot; target {Enc(Human(latest.RtoTargetMs))} &middot; acceptable {Enc(Human(latest.RtoAcceptableMs))} &middot; {trend.Records.Count} run(s)</div>");
            if (trend.Drift is { } drift) sb.Append($"<p class=\"drift\">{Enc(drift.Sentence)}</p>");
            sb.Append(Chart(trend));
        }
        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    private static string Chart(DrillTrend trend)
    {
        var runs = trend.Records;
        var latest = runs[^1];
        var tick = Tick(Math.Max(latest.RtoAcceptableMs * 1.1, runs.Max(r => Math.Max(r.ProjectedRtoMs ?? 0, r.RtoAcceptableMs)) * 1.05) / 4);
        var yMax = tick * 4;
        double plotW = Width - Left - Right, plotH = Height - Top - Bottom;
        // One step per run, not by date: runs come in bursts (a CI day, a monthly staging drill) and time would pile them up.
        double X(int i) => Left + (runs.Count == 1 ? plotW / 2 : i * plotW / (runs.Count - 1));
        double Y(double ms) => Top + plotH - Math.Min(ms, yMax) / yMax * plotH;
        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"projected RTO of {Enc(trend.Drill)} over its runs\">");
        if (trend.Drift is { } drift)
        {
            // The flagged window, shaded, so the page shows which runs the drift line speaks of.
            var first = runs.Count - runs.SkipWhile(r => !ReferenceEquals(r, drift.Flagged[0])).Count();
            var from = X(first) - Step(runs.Count, plotW) / 2;
            svg.Append($"<rect x=\"{N(Math.Max(Left, from))}\" y=\"{Top}\" width=\"{N(Math.Min(Left + plotW, X(runs.Count - 1) + Step(runs.Count, plotW) / 2) - Math.Max(Left, from))}\" height=\"{N(plotH)}\" fill=\"#fde3e3\"/>");
            svg.Append($"<text x=\"{N(Math.Max(Left, from) + 4)}\" y=\"{Top + 14}\" font-size=\"12\" fill=\"{BreachColour}\" font-weight=\"600\">drift</text>");
        }
        for (var t = 0; t <= 4; t++)
        {
            var ms = tick * t;
            svg.Append($"<line x1=\"{Left}\" x2=\"{Left + plotW}\" y1=\"{N(Y(ms))}\" y2=\"{N(Y(ms))}\" stroke=\"#e3e7ee\"/>");
            svg.Append($"<text x=\"{Left - 6}\" y=\"{N(Y(ms) + 4)}\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6475\">{Enc(Human(ms))}</text>");
        }
        Line(svg, Y(latest.RtoTargetMs), $"target {Human(latest.RtoTargetMs)}", AcceptableColour, plotW);
        Line(svg, Y(latest.RtoAcceptableMs), $"acceptable {Human(latest.RtoAcceptableMs)}", BreachColour, plotW);
        var path = string.Join(" ", runs.Select((r, i) => (r, i)).Where(p => p.r.ProjectedRtoMs is not null).Select(p => $"{N(X(p.i))},{N(Y(p.r.ProjectedRtoMs!.Value))}"));
        if (path.Length > 0) svg.Append($"<polyline points=\"{path}\" fill=\"none\" stroke=\"#5b6475\" stroke-width=\"1.5\"/>");
        var labelEvery = Math.Max(1, (int)Math.Ceiling(runs.Count / 8.0));
        for (var i = 0; i < runs.Count; i++)
        {
            var r = runs[i];
            // A run that never recovered is drawn at the top, as far beyond the line as the chart goes; an invalid one on the axis.
            var y = r.ProjectedRtoMs is { } ms ? Y(ms) : r.Result == DrillHistoryRecord.Invalid ? Y(0) : Y(yMax);
            var title = $"{r.When.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC, {Short(r.Commit)}, {r.Environment}, scale {r.TimeScale.ToString(CultureInfo.InvariantCulture)}: "
                + $"{(r.ProjectedRtoMs is { } p ? Human(p) : "no RTO")} ({r.RtoVerdict ?? "-"}), {r.Result}";
            svg.Append($"<circle cx=\"{N(X(i))}\" cy=\"{N(y)}\" r=\"6\" fill=\"{Colour(r)}\" stroke=\"#ffffff\" stroke-width=\"1.5\"><title>{Enc(title)}</title></circle>");
            if (i % labelEvery == 0 || i == runs.Count - 1)
                svg.Append($"<text x=\"{N(X(i))}\" y=\"{Height - Bottom + 18}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6475\">{r.When.UtcDateTime.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture)}</text>");
        }
        svg.Append($"<text x=\"{Left + plotW / 2}\" y=\"{Height - 6}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6475\">run (UTC), one step per run</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Line(StringBuilder svg, double y, string label, string colour, double plotW)
    {
        svg.Append($"<line x1=\"{Left}\" x2=\"{N(Left + plotW)}\" y1=\"{N(y)}\" y2=\"{N(y)}\" stroke=\"{colour}\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>");
        svg.Append($"<text x=\"{N(Left + plotW - 4)}\" y=\"{N(y - 5)}\" font-size=\"11\" text-anchor=\"end\" fill=\"{colour}\">{Enc(label)}</text>");
    }

    private static string Colour(DrillHistoryRecord r)
        => r.Result == DrillHistoryRecord.Invalid ? InvalidColour
            : r.RtoVerdict == ReportFormat.Verdict(Verdict.WithinTarget) ? TargetColour
            : r.RtoVerdict == ReportFormat.Verdict(Verdict.WithinAcceptable) ? AcceptableColour
            : BreachColour;

    // The smallest round duration (1-2-5 s, 15 and 30 s, minutes, hours) at least a quarter of the chart's top: axis labels
    // a reader takes in at a glance (1 min, 2 min), not 86.3 s.
    private static double Tick(double atLeast)
    {
        double[] steps = [100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000];
        foreach (var step in steps)
            if (step >= atLeast) return step;
        return Math.Ceiling(atLeast / 3_600_000) * 3_600_000;
    }

    private static double Step(int count, double plotW) => count <= 1 ? plotW : plotW / (count - 1);

    private static string Short(string? commit) => commit is { Length: > 0 } c ? c[..Math.Min(7, c.Length)] : "no commit";

    private static string Human(double ms) => DurationText.Human(TimeSpan.FromMilliseconds(ms));

    private static string N(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Enc(string s) => WebUtility.HtmlEncode(s);
}
