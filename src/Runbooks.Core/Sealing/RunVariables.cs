using System.Collections;

namespace Runbooks.Core.Sealing;

/// <summary>
/// The environment variables a run reads its params, secrets and endpoints from. A production run reads the process
/// environment (<see cref="Process"/>); a drill is given a set built from scratch (<see cref="Sealed"/>), so nothing the
/// operator's shell holds (<c>CLOUDFLARE_*</c>, <c>VERCEL_*</c>, <c>*DATABASE_URL</c>, <c>RUNBOOK_PARAM_*</c>) reaches it.
/// The set belongs to the run, not the process: two runs in one process never see each other's values.
/// </summary>
public sealed class RunVariables
{
    private readonly IReadOnlyDictionary<string, string>? _values;

    private RunVariables(IReadOnlyDictionary<string, string>? values) => _values = values;

    /// <summary>The process environment, read at each lookup: what <c>exec</c> runs with.</summary>
    public static RunVariables Process { get; } = new(null);

    /// <summary>Exactly <paramref name="values"/> and nothing else: what a drill's runbook runs with.</summary>
    public static RunVariables Sealed(IReadOnlyDictionary<string, string> values)
        => new(new Dictionary<string, string>(values, StringComparer.Ordinal));

    /// <summary>True when the set was built from scratch rather than read from the process.</summary>
    public bool IsSealed => _values is not null;

    /// <summary>The value of <paramref name="name"/>, or null when it is not set (an empty value counts as not set).</summary>
    public string? Get(string name)
    {
        var value = _values is null ? Environment.GetEnvironmentVariable(name)
            : _values.TryGetValue(name, out var v) ? v : null;
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>Every variable of the set, as name and value.</summary>
    public IEnumerable<KeyValuePair<string, string>> All()
    {
        if (_values is not null) return _values;
        return Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Where(e => e.Key is string && e.Value is string)
            .Select(e => new KeyValuePair<string, string>((string)e.Key, (string)e.Value!))
            .ToList();
    }
}
