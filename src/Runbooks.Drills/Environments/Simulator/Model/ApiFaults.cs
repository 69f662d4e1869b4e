using System.Text.RegularExpressions;

namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>
/// The faults active on one simulated provider API, applied to calls in the order they were added; a fault limited to a
/// number of calls stops after the last one, so the model's normal answer follows. Thread-safe.
/// </summary>
public sealed class ApiFaults
{
    private readonly object _gate = new();
    private readonly List<ApiFault> _faults = [];
    /// <summary>How many calls a fault has answered (or reset) since the last clear: a reset call never reaches the request journal.</summary>
    public int Applied { get { lock (_gate) return _applied; } }

    private int _applied;

    /// <summary>Adds a fault for the next <paramref name="times"/> calls (0: every call) to paths matching <paramref name="pathPattern"/>.</summary>
    public void Add(ApiFaultKind kind, int times = 0, string? pathPattern = null, int status = 502, TimeSpan retryAfter = default)
    {
        if (times < 0) throw new ArgumentOutOfRangeException(nameof(times), times, "must not be negative");
        var path = pathPattern is null ? null : new Regex("^(" + pathPattern + ")$", RegexOptions.CultureInvariant);
        lock (_gate) _faults.Add(new ApiFault(kind, path, status, retryAfter, times));
    }

    /// <summary>The fault that applies to a call to <paramref name="path"/>, counting the call; null when none does.</summary>
    public ApiFault? Take(string path, ApiFaultKind? only = null)
    {
        lock (_gate)
        {
            for (var i = 0; i < _faults.Count; i++)
            {
                var f = _faults[i];
                if (only is { } k && f.Kind != k) continue;
                if (f.Path is not null && !f.Path.IsMatch(path)) continue;
                _applied++;
                if (f.Remaining == 1) _faults.RemoveAt(i);
                else if (f.Remaining > 1) _faults[i] = f with { Remaining = f.Remaining - 1 };
                return f;
            }
            return null;
        }
    }

    /// <summary>Whether a connection-reset fault applies to <paramref name="path"/> without counting it.</summary>
    public bool Resets(string path)
    {
        lock (_gate) return _faults.Any(f => f.Kind == ApiFaultKind.ConnectionReset && (f.Path is null || f.Path.IsMatch(path)));
    }

    /// <summary>Removes every fault.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
            _applied = 0;
        }
    }
}
