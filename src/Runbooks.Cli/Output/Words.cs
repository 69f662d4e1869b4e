using System.Globalization;
using Runbooks.Core.Steps;

namespace Runbooks.Cli.Output;

/// <summary>How durations, outcomes and paths read in console output.</summary>
internal static class Words
{
    public static string Duration(TimeSpan t) => t.TotalSeconds >= 1
        ? t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
        : t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    public static string Outcome(StepOutcome o) => o.ToJournalName();

    public static string Path(string path) => Runbooks.Scripting.Hosting.RunbookLocator.Display(path);
}
