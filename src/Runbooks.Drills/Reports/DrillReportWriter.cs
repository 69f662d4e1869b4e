using Runbooks.Drills.Measurement;

namespace Runbooks.Drills.Reports;

/// <summary>Writes every report of a batch into one folder: per drill JSON, Markdown and HTML, and one JUnit XML.</summary>
public static class DrillReportWriter
{
    /// <summary>Writes the reports and returns the files written.</summary>
    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<DrillResult> results)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        void Put(string name, string text)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, text);
            written.Add(path);
        }
        foreach (var r in results)
        {
            Put($"{r.Drill.Name}.json", JsonDrillReport.Render(r));
            Put($"{r.Drill.Name}.md", MarkdownDrillReport.Render(r));
            Put($"{r.Drill.Name}.html", HtmlDrillReport.Render(r));
        }
        Put("junit.xml", JUnitDrillReport.Render(results));
        return written;
    }
}
