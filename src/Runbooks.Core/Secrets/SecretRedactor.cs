using Runbooks.Core.Sealing;

namespace Runbooks.Core.Secrets;

/// <summary>
/// Knows every secret value of a run and replaces it with <c>***</c> wherever text leaves the process: console,
/// journal, reports, child-process output and exception messages all pass through <see cref="Redact"/>. Each secret is
/// matched in every form it can be written in (<see cref="SecretForms"/>), and the password inside a connection string
/// is a secret of its own. Callers redact values before they encode them; the encoded forms are the safety net.
/// </summary>
public sealed class SecretRedactor
{
    /// <summary>What a secret value is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>
    /// Values shorter than this are not masked: "on", "1" or "2024" would also mask ordinary words and figures and make
    /// every report unreadable. Such a secret is named once in a warning instead.
    /// </summary>
    public const int MinimumLength = 6;

    private readonly HashSet<string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _warnedNames = new(StringComparer.Ordinal);
    private readonly List<string> _pendingWarnings = [];
    private Action<string>? _warn;
    private volatile string[] _ordered = [];

    /// <summary>Registers a value to be masked from now on, in all its encoded forms. Empty values are ignored.</summary>
    /// <param name="value">The secret.</param>
    /// <param name="name">Where it came from (a variable's name), for the warning about a value too short to mask.</param>
    public void Add(string? value, string? name = null)
    {
        if (string.IsNullOrEmpty(value)) return;
        lock (_values)
        {
            if (value.Length < MinimumLength)
            {
                WarnTooShort(name);
                return;
            }
            var added = false;
            foreach (var form in SecretForms.Of(value))
                added |= form.Length >= MinimumLength && _values.Add(form);
            if (ConnectionStringSecrets.PasswordOf(value) is { Length: > 0 } password && password != value)
            {
                if (password.Length < MinimumLength) WarnTooShort(name is null ? "a connection string's password" : $"the password in {name}");
                else foreach (var form in SecretForms.Of(password)) added |= form.Length >= MinimumLength && _values.Add(form);
            }
            // Longest first, so a secret that contains another is masked whole.
            if (added) _ordered = _values.OrderByDescending(v => v.Length).ThenBy(v => v, StringComparer.Ordinal).ToArray();
        }
    }

    /// <summary>
    /// Where warnings go (the run's log). Warnings raised before a sink is set are delivered when it is set, so a short
    /// secret read before the run began is still named.
    /// </summary>
    public void OnWarning(Action<string> sink)
    {
        string[] pending;
        lock (_values)
        {
            _warn = sink;
            pending = [.. _pendingWarnings];
            _pendingWarnings.Clear();
        }
        foreach (var w in pending) sink(w);
    }

    /// <summary>Whether any secret is registered.</summary>
    public bool IsEmpty => _ordered.Length == 0;

    /// <summary>Whether <paramref name="text"/> contains a registered secret value, in any of its forms.</summary>
    public bool ContainsSecret(string? text) => !string.IsNullOrEmpty(text) && Redact(text) != text;

    /// <summary>Returns <paramref name="text"/> with every registered secret, in any form, replaced by <see cref="Mask"/>.</summary>
    public string Redact(string text)
    {
        var ordered = _ordered;
        if (ordered.Length == 0 || string.IsNullOrEmpty(text)) return text;
        foreach (var v in ordered)
            if (text.Contains(v, StringComparison.Ordinal))
                text = ReplaceWhole(text, v);
        return text;
    }

    // A secret that starts or ends with a digit is only masked where it is not part of a longer number: a report's
    // "1234567 ms" must not become "1***7 ms" because some secret is "123456".
    private static string ReplaceWhole(string text, string secret)
    {
        var digitStart = char.IsAsciiDigit(secret[0]);
        var digitEnd = char.IsAsciiDigit(secret[^1]);
        if (!digitStart && !digitEnd) return text.Replace(secret, Mask, StringComparison.Ordinal);
        var result = new System.Text.StringBuilder(text.Length);
        var from = 0;
        for (var at = text.IndexOf(secret, StringComparison.Ordinal); at >= 0; at = text.IndexOf(secret, at + 1, StringComparison.Ordinal))
        {
            if (at < from) continue;
            var end = at + secret.Length;
            var insideNumber = (digitStart && at > 0 && char.IsAsciiDigit(text[at - 1])) || (digitEnd && end < text.Length && char.IsAsciiDigit(text[end]));
            if (insideNumber) continue;
            result.Append(text, from, at - from).Append(Mask);
            from = end;
        }
        return result.Append(text, from, text.Length - from).ToString();
    }

    /// <summary>
    /// Registers the values of the variables whose names say they hold a secret (<c>*TOKEN*</c>, <c>*SECRET*</c>,
    /// <c>*PASSWORD*</c>, <c>*API_KEY*</c>, <c>*DATABASE_URL</c>), so a value a script reads without <c>Secret()</c> is
    /// still masked.
    /// </summary>
    public void AddFromEnvironment(RunVariables? variables = null)
    {
        foreach (var (name, value) in (variables ?? RunVariables.Process).All())
            if (LooksSecret(name)) Add(value, name);
    }

    /// <summary>Whether an environment variable of this name is treated as a secret.</summary>
    public static bool LooksSecret(string name)
    {
        var n = name.ToUpperInvariant();
        return n.Contains("TOKEN") || n.Contains("SECRET") || n.Contains("PASSWORD") || n.Contains("API_KEY")
            || n.EndsWith("_KEY", StringComparison.Ordinal) || n is "DATABASE_URL" || n.EndsWith("_DATABASE_URL", StringComparison.Ordinal);
    }

    private void WarnTooShort(string? name)
    {
        var who = name ?? "a secret";
        if (!_warnedNames.Add(who)) return;
        var warning = $"Warning: {who} is shorter than {MinimumLength} characters, too short to mask safely: it is not masked in output.";
        if (_warn is { } sink) sink(warning);
        else _pendingWarnings.Add(warning);
    }
}
