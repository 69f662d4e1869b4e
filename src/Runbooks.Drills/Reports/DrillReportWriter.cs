using Runbooks.Core.Secrets;
using Runbooks.Drills.Measurement;

namespace Runbooks.Drills.Reports;

/// <summary>
/// Writes the reports of a batch into one folder: per drill JSON, Markdown and HTML as soon as the drill ends, and one
/// JUnit XML of the drills that ran. Every file passes through the redactor, as the console and the journal do.
/// </summary>
public sealed class DrillReportWriter(string directory, SecretRedactor redactor)
{
    /// <summary>Writes <paramref name="result"/>'s JSON, Markdown and HTML reports.</summary>
    public void WriteDrill(DrillResult result)
    {
        Put($"{result.Drill.Name}.json", JsonDrillReport.Render(result));
        Put($"{result.Drill.Name}.md", MarkdownDrillReport.Render(result));
        Put($"{result.Drill.Name}.html", HtmlDrillReport.Render(result));
    }

    /// <summary>Writes <c>junit.xml</c>: one test case per drill in <paramref name="results"/>.</summary>
    public void WriteJUnit(IReadOnlyList<DrillResult> results) => Put("junit.xml", JUnitDrillReport.Render(results));

    private void Put(string name, string text)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, name), redactor.Redact(text));
    }
}
