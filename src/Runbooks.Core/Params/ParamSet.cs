using System.Text;
using Runbooks.Core.Errors;

namespace Runbooks.Core.Params;

/// <summary>
/// The params of a run: <c>--param name=value</c> on the command line, then <c>RUNBOOK_PARAM_&lt;NAME&gt;</c> in the
/// environment. Command-line values win.
/// </summary>
public sealed class ParamSet
{
    private readonly Dictionary<string, string> _given;
    private readonly Func<string, string?> _environment;

    /// <summary>Creates a param set from explicit values and an environment lookup.</summary>
    public ParamSet(IReadOnlyDictionary<string, string>? given = null, Func<string, string?>? environment = null)
    {
        _given = new Dictionary<string, string>(given ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    /// <summary>Parses <c>name=value</c> pairs as given to <c>--param</c>; a pair without <c>=</c> is bad input.</summary>
    public static Dictionary<string, string> ParsePairs(IEnumerable<string> pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0)
                throw new BadInputException($"--param '{pair}' is not of the form name=value.");
            result[pair[..eq].Trim()] = pair[(eq + 1)..];
        }
        return result;
    }

    /// <summary>The environment variable that supplies param <paramref name="name"/>: <c>RUNBOOK_PARAM_</c> and the name in upper case, other characters as <c>_</c>.</summary>
    public static string EnvironmentVariableFor(string name)
    {
        var sb = new StringBuilder("RUNBOOK_PARAM_");
        foreach (var c in name) sb.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        return sb.ToString();
    }

    /// <summary>The value of <paramref name="name"/>, or null when neither the command line nor the environment gives it.</summary>
    public string? TryGet(string name)
        => _given.TryGetValue(name, out var v) ? v : _environment(EnvironmentVariableFor(name));

    /// <summary>Whether the param has a value.</summary>
    public bool Has(string name) => TryGet(name) is not null;

    /// <summary>The values given explicitly with <c>--param</c> (what a journal records for resume).</summary>
    public IReadOnlyDictionary<string, string> Given => _given;

    /// <summary>A new set whose given values are <paramref name="overrides"/> laid over this set's.</summary>
    public ParamSet With(IReadOnlyDictionary<string, string> overrides)
    {
        var merged = new Dictionary<string, string>(_given, StringComparer.Ordinal);
        foreach (var (k, v) in overrides) merged[k] = v;
        return new ParamSet(merged, _environment);
    }

    /// <summary>Throws a <see cref="BadInputException"/> naming every required param that has no value.</summary>
    public void EnsurePresent(IEnumerable<string> required, string runbookPath)
    {
        var missing = required.Distinct().Where(n => !Has(n)).ToList();
        if (missing.Count == 0) return;
        var names = string.Join(", ", missing);
        var hint = string.Join(" ", missing.Select(n => $"--param {n}=..."));
        throw new BadInputException(missing.Count == 1
            ? $"{runbookPath} needs param '{names}': pass {hint} (or set {EnvironmentVariableFor(missing[0])})."
            : $"{runbookPath} needs params {names}: pass {hint}.");
    }
}
