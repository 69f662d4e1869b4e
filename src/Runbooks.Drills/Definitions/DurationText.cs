using System.Globalization;

namespace Runbooks.Drills.Definitions;

/// <summary>Durations as drill files write them: <c>250ms</c>, <c>20s</c>, <c>2m</c>, <c>1h</c>, <c>0s</c>.</summary>
public static class DurationText
{
    /// <summary>Parses a duration; false for anything else (a bare number is refused: its unit would be a guess).</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim().ToLowerInvariant();
        var i = 0;
        while (i < t.Length && (char.IsAsciiDigit(t[i]) || t[i] == '.')) i++;
        if (i == 0 || !double.TryParse(t[..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 0) return false;
        TimeSpan? result = t[i..].Trim() switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            "m" or "min" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            _ => null,
        };
        if (result is null) return false;
        value = result.Value;
        return true;
    }

    /// <summary>Writes a duration the way drill files and reports read best.</summary>
    public static string Format(TimeSpan t)
    {
        if (t == TimeSpan.Zero) return "0s";
        if (t.TotalMilliseconds < 1000) return $"{t.TotalMilliseconds:0}ms";
        if (t.TotalSeconds < 120) return $"{t.TotalSeconds:0.##}s".Replace(',', '.');
        if (t.TotalMinutes < 60) return $"{t.TotalMinutes:0.##}m".Replace(',', '.');
        return $"{t.TotalHours:0.##}h".Replace(',', '.');
    }

    /// <summary>Writes a figure for people: "850 ms", "12.4 s", "2 min 5 s", "6 h 2 min".</summary>
    public static string Human(TimeSpan v) => Core.Timing.HumanDuration.Of(v);
}
