using Runbooks.Drills.History;
using Runbooks.Tests.Drills.History;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Cli;

/// <summary>The history page as a real browser renders it: headless Chromium's screenshot, decoded and looked at.</summary>
public sealed class HistoryPageBrowserTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [ChromiumFact]
    public void The_page_renders_a_chart_per_drill_with_its_lines_and_points_coloured_by_verdict()
    {
        var store = new DrillHistoryStore(_ws.PathOf("history"));
        foreach (var r in HistoryRecords.Runs(80, 82, 79, 96, 100, 104, 130, 135, 140)) store.Append(r);
        store.Append(HistoryRecords.Run(9, 320) with { Result = DrillHistoryRecord.Fail });
        store.Append(HistoryRecords.Run(10, null, result: DrillHistoryRecord.Invalid));
        foreach (var r in HistoryRecords.Runs(4.0, 4.1, 4.0)) store.Append(r with { Drill = "calibration" });
        var page = _ws.PathOf("history/history.html");
        var run = RunbooksCli.Run(_ws.Root, "drill", "history", "--history-dir", "history");
        Assert.True(run.ExitCode == 0, run.ToString());

        var png = _ws.PathOf("history.png");
        Chromium.Screenshot(page, png);

        var bytes = File.ReadAllBytes(png);
        Assert.True(PngImage.HasSignature(bytes), "not a PNG");
        Assert.True(bytes.Length > 20_000, $"a screenshot of {bytes.Length} bytes is too small to hold two charts");
        var image = PngImage.Read(png);
        Assert.Equal((1200, 900), (image.Width, image.Height));
        Assert.True(image.Pixels.Distinct().Count() > 50, "the page rendered (nearly) blank");
        // Each verdict's colour is on screen: points within target and acceptable, the breach point and the acceptable line, the invalid run.
        foreach (var colour in new[] { HtmlHistoryReport.TargetColour, HtmlHistoryReport.AcceptableColour, HtmlHistoryReport.BreachColour, HtmlHistoryReport.InvalidColour })
            Assert.True(image.Count(colour, tolerance: 8) > 30, $"{colour} is not on the screenshot");
        // The drift band behind the flagged runs.
        Assert.True(image.Count("#fde3e3", tolerance: 3) > 2000, "the drift band is not on the screenshot");
    }
}
