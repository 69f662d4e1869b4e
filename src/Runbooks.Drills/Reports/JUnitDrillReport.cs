using System.Globalization;
using System.Xml.Linq;
using Runbooks.Drills.Measurement;

namespace Runbooks.Drills.Reports;

/// <summary>JUnit XML for CI: one test case per drill, a failure carrying the measured and budgeted figures.</summary>
public static class JUnitDrillReport
{
    /// <summary>Renders a batch of drill results as one test suite.</summary>
    public static string Render(IReadOnlyList<DrillResult> results)
    {
        var suite = new XElement("testsuite",
            new XAttribute("name", "runbooks drills"),
            new XAttribute("tests", results.Count),
            new XAttribute("failures", results.Count(r => !r.Passed)),
            new XAttribute("time", Seconds(results.Aggregate(TimeSpan.Zero, (a, r) => a + r.WallTime))));
        foreach (var r in results)
        {
            var testCase = new XElement("testcase",
                new XAttribute("classname", "drills." + r.Drill.Severity),
                new XAttribute("name", r.Drill.Name),
                new XAttribute("time", Seconds(r.WallTime)));
            var figures = $"projected RTO {ReportFormat.Human(r.ProjectedRto)} against the {r.Drill.Severity} target {ReportFormat.Human(r.RtoObjective.Target)}, "
                + $"acceptable {ReportFormat.Human(r.RtoObjective.Acceptable)}; verdict {ReportFormat.Verdict(r.RtoVerdict)} "
                + $"(measured {ReportFormat.Ms(r.Timeline.Rto)} at time scale {r.TimeScale}, resolution {ReportFormat.Ms(r.Resolution)})"
                + string.Concat(r.Findings.Select(f => Environment.NewLine + f))
                + (r.Latency is { } latency ? Environment.NewLine + latency.Sentence() : "");
            if (!r.Passed)
                testCase.Add(new XElement("failure",
                    new XAttribute("message", string.Join(" ", r.Failures)),
                    new XAttribute("type", r.Invalid is null ? "RtoVerdict" : "InvalidRun"),
                    figures + Environment.NewLine + string.Join(Environment.NewLine, r.Failures)));
            testCase.Add(new XElement("system-out", figures));
            suite.Add(testCase);
        }
        return new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("testsuites", suite)).ToString();
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
}
