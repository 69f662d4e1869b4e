using System.Globalization;
using Runbooks.Core.Rto;

namespace Runbooks.Drills.Reports;

/// <summary>How figures read in every report.</summary>
internal static class ReportFormat
{
    public static string Ms(TimeSpan? t) => t is { } v ? v.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms" : "n/a";

    public static string Human(TimeSpan? t)
    {
        if (t is not { } v) return "n/a";
        if (v.TotalSeconds < 1) return v.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
        if (v.TotalSeconds < 120) return v.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
        // Minutes and whole seconds: "2.1 min" hid the difference between a projected 2 min 5 s and 2 min 11 s.
        var seconds = (long)Math.Round(v.TotalSeconds);
        if (seconds < 3600) return seconds % 60 == 0 ? $"{seconds / 60} min" : $"{seconds / 60} min {seconds % 60} s";
        return seconds / 60 % 60 == 0 ? $"{seconds / 3600} h" : $"{seconds / 3600} h {seconds / 60 % 60} min";
    }

    public static string Verdict(Verdict v) => v switch
    {
        Core.Rto.Verdict.WithinTarget => "within target",
        Core.Rto.Verdict.WithinAcceptable => "within acceptable",
        _ => "BREACH",
    };

    public static string Num(double d, string format = "0.###") => d.ToString(format, CultureInfo.InvariantCulture);
}
