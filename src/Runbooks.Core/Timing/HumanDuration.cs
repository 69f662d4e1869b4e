using System.Globalization;

namespace Runbooks.Core.Timing;

/// <summary>Durations as sentences and reports say them: "850 ms", "12.4 s", "2 min 5 s", "6 h 2 min".</summary>
public static class HumanDuration
{
    /// <summary>Writes <paramref name="v"/> for people.</summary>
    public static string Of(TimeSpan v)
    {
        var sign = v < TimeSpan.Zero ? "-" : "";
        v = v.Duration();
        if (v.TotalSeconds < 1) return sign + v.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
        if (v.TotalSeconds < 120) return sign + v.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
        // Minutes and whole seconds: "2.1 min" hid the difference between a projected 2 min 5 s and 2 min 11 s.
        var seconds = (long)Math.Round(v.TotalSeconds);
        if (seconds < 3600) return sign + (seconds % 60 == 0 ? $"{seconds / 60} min" : $"{seconds / 60} min {seconds % 60} s");
        return sign + (seconds / 60 % 60 == 0 ? $"{seconds / 3600} h" : $"{seconds / 3600} h {seconds / 60 % 60} min");
    }
}
