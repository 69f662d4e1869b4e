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
        result = Redacted(result);
        Put($"{result.Drill.Name}.json", JsonDrillReport.Render(result));
        Put($"{result.Drill.Name}.md", MarkdownDrillReport.Render(result));
        Put($"{result.Drill.Name}.html", HtmlDrillReport.Render(result));
    }

    /// <summary>Writes <c>junit.xml</c>: one test case per drill in <paramref name="results"/>.</summary>
    public void WriteJUnit(IReadOnlyList<DrillResult> results) => Put("junit.xml", JUnitDrillReport.Render(results.Select(Redacted).ToList()));

    // Values are redacted before they are encoded (JSON escapes, HTML and XML entities); the pass over the finished text,
    // which also knows every encoded form of each secret, is the safety net.
    private DrillResult Redacted(DrillResult r) => r with
    {
        Warnings = r.Warnings.Select(redactor.Redact).ToList(),
        Failures = r.Failures.Select(redactor.Redact).ToList(),
        RunbookSteps = r.RunbookSteps.Select(s => s with
        {
            Name = redactor.Redact(s.Name),
            Error = s.Error is null ? null : redactor.Redact(s.Error),
            Reason = s.Reason is null ? null : redactor.Redact(s.Reason),
        }).ToList(),
    };

    private void Put(string name, string text)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, name), redactor.Redact(text));
    }
}
