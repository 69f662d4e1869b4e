namespace Runbooks.Core.Secrets;

/// <summary>
/// Knows every secret value of a run and replaces it with <c>***</c> wherever text leaves the process:
/// console, journal, reports and exception messages all pass through <see cref="Redact"/>.
/// </summary>
public sealed class SecretRedactor
{
    /// <summary>What a secret value is replaced with.</summary>
    public const string Mask = "***";

    // Values shorter than this would mask ordinary words ("on", "1") and make output unreadable.
    private const int MinimumLength = 4;

    private readonly HashSet<string> _values = new(StringComparer.Ordinal);
    private volatile string[] _ordered = [];

    /// <summary>Registers a value to be masked from now on. Short or empty values are ignored.</summary>
    public void Add(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length < MinimumLength) return;
        lock (_values)
        {
            if (!_values.Add(value)) return;
            // Longest first, so a secret that contains another is masked whole.
            _ordered = _values.OrderByDescending(v => v.Length).ToArray();
        }
    }

    /// <summary>Whether any secret is registered.</summary>
    public bool IsEmpty => _ordered.Length == 0;

    /// <summary>Whether <paramref name="text"/> contains a registered secret value.</summary>
    public bool ContainsSecret(string? text)
    {
        if (string.IsNullOrEmpty(text)) return false;
        foreach (var v in _ordered)
            if (text.Contains(v, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>Returns <paramref name="text"/> with every registered secret value replaced by <see cref="Mask"/>.</summary>
    public string Redact(string text)
    {
        var ordered = _ordered;
        if (ordered.Length == 0 || string.IsNullOrEmpty(text)) return text;
        foreach (var v in ordered)
            if (text.Contains(v, StringComparison.Ordinal))
                text = text.Replace(v, Mask, StringComparison.Ordinal);
        return text;
    }

    /// <summary>
    /// Registers the values of environment variables whose names say they hold a secret
    /// (<c>*TOKEN*</c>, <c>*SECRET*</c>, <c>*PASSWORD*</c>, <c>*API_KEY*</c>, <c>DATABASE_URL</c>), so that a value a
    /// script reads without <c>Secret()</c> is still masked.
    /// </summary>
    public void AddFromEnvironment()
    {
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            if (e.Key is string name && LooksSecret(name)) Add(e.Value as string);
    }

    /// <summary>Whether an environment variable of this name is treated as a secret.</summary>
    public static bool LooksSecret(string name)
    {
        var n = name.ToUpperInvariant();
        return n.Contains("TOKEN") || n.Contains("SECRET") || n.Contains("PASSWORD") || n.Contains("API_KEY")
            || n.EndsWith("_KEY", StringComparison.Ordinal) || n is "DATABASE_URL" || n.EndsWith("_DATABASE_URL", StringComparison.Ordinal);
    }
}
