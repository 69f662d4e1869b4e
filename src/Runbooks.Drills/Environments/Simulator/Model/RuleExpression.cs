using System.Text.RegularExpressions;

namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>
/// The part of Cloudflare's rules language the simulated zone evaluates: <c>true</c>; <c>http.host</c> and
/// <c>http.request.uri.path</c> with <c>eq</c>, <c>ne</c>, <c>in {...}</c>, <c>contains</c>, <c>matches</c>;
/// <c>starts_with(field, "x")</c>; joined by <c>and</c> / <c>or</c> (no nesting beyond that). What runbooks write for a
/// maintenance redirect or a rate-limit rule. An atom outside that subset matches nothing, so an unknown rule is inert
/// rather than guessed at.
/// </summary>
public static partial class RuleExpression
{
    /// <summary>Whether <paramref name="expression"/> matches a request for <paramref name="host"/> at <paramref name="path"/>.</summary>
    public static bool Matches(string? expression, string host, string path)
    {
        if (string.IsNullOrWhiteSpace(expression)) return false;
        return SplitWords(expression, " or ").Any(any => SplitWords(any, " and ").All(atom => Atom(Unwrap(atom), host, path)));
    }

    private static bool Atom(string atom, string host, string path)
    {
        if (atom == "true") return true;
        var call = StartsWithCall().Match(atom);
        if (call.Success) return Field(call.Groups[1].Value, host, path) is { } v && v.StartsWith(call.Groups[2].Value, StringComparison.Ordinal);
        var set = InSet().Match(atom);
        if (set.Success)
            return Field(set.Groups[1].Value, host, path) is { } v && Quoted().Matches(set.Groups[2].Value).Any(m => m.Groups[1].Value == v);
        var op = Comparison().Match(atom);
        if (!op.Success || Field(op.Groups[1].Value, host, path) is not { } value) return false;
        var operand = op.Groups[3].Value;
        return op.Groups[2].Value switch
        {
            "eq" or "==" => value == operand,
            "ne" or "!=" => value != operand,
            "contains" => value.Contains(operand, StringComparison.Ordinal),
            "matches" or "~" => Regex.IsMatch(value, operand, RegexOptions.None, TimeSpan.FromMilliseconds(50)),
            _ => false,
        };
    }

    private static string? Field(string name, string host, string path) => name switch
    {
        "http.host" => host,
        "http.request.uri.path" => path,
        "http.request.full_uri" => $"https://{host}{path}",
        _ => null,
    };

    private static string Unwrap(string atom)
    {
        atom = atom.Trim();
        while (atom.StartsWith('(') && atom.EndsWith(')')) atom = atom[1..^1].Trim();
        return atom;
    }

    // Splits on a keyword outside quotes.
    private static IEnumerable<string> SplitWords(string text, string keyword)
    {
        var start = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '"') quoted = !quoted;
            else if (!quoted && string.CompareOrdinal(text, i, keyword, 0, keyword.Length) == 0)
            {
                yield return text[start..i];
                start = i + keyword.Length;
                i = start - 1;
            }
        }
        yield return text[start..];
    }

    [GeneratedRegex("""^starts_with\(\s*([a-z._]+)\s*,\s*"([^"]*)"\s*\)$""")]
    private static partial Regex StartsWithCall();

    [GeneratedRegex("""^([a-z._]+)\s+in\s+\{([^}]*)\}$""")]
    private static partial Regex InSet();

    [GeneratedRegex("""^([a-z._]+)\s+(eq|ne|==|!=|contains|matches|~)\s+"((?:[^"\\]|\\.)*)"$""")]
    private static partial Regex Comparison();

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex Quoted();
}
