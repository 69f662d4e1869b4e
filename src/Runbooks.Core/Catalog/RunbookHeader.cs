namespace Runbooks.Core.Catalog;

/// <summary>
/// The header comment every runbook starts with, read without compiling or running it:
/// <code>
/// // Roll back a Worker to its previous deployment (seed 000, Option 1A).
/// // Severity: P0
/// // Recovery: 30s
/// </code>
/// </summary>
/// <param name="Description">The first comment line.</param>
/// <param name="Severity">P0-P3, or null when the header does not say.</param>
/// <param name="Recovery">The claimed recovery time as written (the seeds' "Recovery Time Estimate").</param>
public sealed record RunbookHeader(string? Description, string? Severity, string? Recovery)
{
    /// <summary>Reads the header of the runbook at <paramref name="path"/>.</summary>
    public static RunbookHeader Read(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(ReadLines(reader));
    }

    private static IEnumerable<string> ReadLines(TextReader reader)
    {
        while (reader.ReadLine() is { } line) yield return line;
    }

    /// <summary>Parses the leading comment lines of a runbook's text.</summary>
    public static RunbookHeader Parse(IEnumerable<string> lines)
    {
        string? description = null, severity = null, recovery = null;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("#!", StringComparison.Ordinal)) continue;
            if (!line.StartsWith("//", StringComparison.Ordinal)) break;
            var text = line.TrimStart('/').Trim();
            if (TryKey(text, "Severity", out var v)) severity = v;
            else if (TryKey(text, "Recovery", out v) || TryKey(text, "Recovery time", out v)) recovery = v;
            else if (description is null && text.Length > 0) description = text;
        }
        return new RunbookHeader(description, severity, recovery);
    }

    private static bool TryKey(string text, string key, out string value)
    {
        value = "";
        if (!text.StartsWith(key, StringComparison.OrdinalIgnoreCase) || text.Length <= key.Length || text[key.Length] != ':')
            return false;
        value = text[(key.Length + 1)..].Trim();
        return true;
    }

    /// <summary>Parses a claimed recovery time such as <c>30s</c>, <c>2m</c>, <c>5 minutes</c>, <c>3-5 minutes</c> (the upper bound counts), or <c>1h</c>.</summary>
    public static TimeSpan? ParseDuration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim().ToLowerInvariant();
        var dash = t.IndexOf('-');
        if (dash > 0 && char.IsDigit(t[0])) t = t[(dash + 1)..].Trim();
        var i = 0;
        while (i < t.Length && (char.IsDigit(t[i]) || t[i] == '.')) i++;
        if (i == 0 || !double.TryParse(t[..i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n))
            return null;
        var unit = t[i..].Trim();
        return unit switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" or "sec" or "secs" or "second" or "seconds" => TimeSpan.FromSeconds(n),
            "m" or "min" or "mins" or "minute" or "minutes" => TimeSpan.FromMinutes(n),
            "h" or "hr" or "hour" or "hours" => TimeSpan.FromHours(n),
            _ => null,
        };
    }
}
