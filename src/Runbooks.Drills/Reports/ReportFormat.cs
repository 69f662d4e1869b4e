using System.Globalization;
using Runbooks.Core.Rto;

namespace Runbooks.Drills.Reports;

/// <summary>How figures read in every report.</summary>
internal static class ReportFormat
{
    public static string Ms(TimeSpan? t) => t is { } v ? v.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms" : "n/a";

    public static string Human(TimeSpan? t) => t is { } v ? Definitions.DurationText.Human(v) : "n/a";

    public static string Verdict(Verdict v) => v switch
    {
        Core.Rto.Verdict.WithinTarget => "within target",
        Core.Rto.Verdict.WithinAcceptable => "within acceptable",
        _ => "BREACH",
    };

    public static string Num(double d, string format = "0.###") => d.ToString(format, CultureInfo.InvariantCulture);
}
