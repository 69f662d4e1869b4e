using System.Text.Json;
using Runbooks.Core.Catalog;
using Runbooks.Core.Errors;

namespace Runbooks.Core.Rto;

/// <summary>
/// The RTO and RPO tables in force (<c>.config/rto.json</c>, from seed 000): per severity a target and an acceptable
/// recovery time, per data type a target and an acceptable data-loss window.
/// </summary>
public sealed class RtoTable
{
    private RtoTable(IReadOnlyDictionary<string, Objective> rto, IReadOnlyDictionary<string, Objective> rpo, string? source)
    {
        Rto = rto;
        Rpo = rpo;
        Source = source;
    }

    /// <summary>Recovery time objectives by severity (P0-P3).</summary>
    public IReadOnlyDictionary<string, Objective> Rto { get; }

    /// <summary>Recovery point objectives by data type (user-data, session-data, ...).</summary>
    public IReadOnlyDictionary<string, Objective> Rpo { get; }

    /// <summary>Where the figures come from.</summary>
    public string? Source { get; }

    /// <summary>The RTO objective for <paramref name="severity"/>, or a <see cref="BadInputException"/> naming the severities known.</summary>
    public Objective ForSeverity(string severity)
        => Rto.TryGetValue(severity.ToUpperInvariant(), out var o) ? o
            : throw new BadInputException($"Severity '{severity}' is not in the RTO table; known: {string.Join(", ", Rto.Keys)}.");

    /// <summary>Reads <paramref name="path"/>; a malformed file is bad input naming the file and the entry.</summary>
    public static RtoTable Load(string path)
    {
        if (!File.Exists(path)) throw new BadInputException($"RTO table {path} does not exist.");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            return new RtoTable(Read(root, "rto", path), Read(root, "rpo", path),
                root.TryGetProperty("source", out var s) ? s.GetString() : null);
        }
        catch (JsonException e)
        {
            throw new BadInputException($"RTO table {path}({e.LineNumber + 1}): {e.Message}", e);
        }
    }

    /// <summary>Finds <c>.config/rto.json</c> in the working directory (or above it) and loads it.</summary>
    public static RtoTable LoadDefault(string? workingDirectory = null)
    {
        for (var dir = workingDirectory ?? Directory.GetCurrentDirectory(); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            var candidate = Path.Combine(dir, ".config", "rto.json");
            if (File.Exists(candidate)) return Load(candidate);
        }
        throw new BadInputException("No .config/rto.json found in this folder or above it: the RTO table is needed to judge drills.");
    }

    private static Dictionary<string, Objective> Read(JsonElement root, string section, string path)
    {
        var result = new Dictionary<string, Objective>(StringComparer.OrdinalIgnoreCase);
        if (!root.TryGetProperty(section, out var table)) return result;
        foreach (var row in table.EnumerateObject())
        {
            TimeSpan Duration(string field)
            {
                var text = row.Value.TryGetProperty(field, out var v) ? v.GetString() : null;
                return RunbookHeader.ParseDuration(text)
                    ?? throw new BadInputException($"RTO table {path}: {section}.{row.Name}.{field} '{text}' is not a duration (like 2m, 30s, 1h).");
            }
            var description = row.Value.TryGetProperty("description", out var d) ? d.GetString() : null;
            var objective = new Objective(row.Name, description, Duration("target"), Duration("acceptable"))
            {
                UpdateEvery = row.Value.TryGetProperty("updateEvery", out _) ? Duration("updateEvery") : null,
            };
            if (objective.Acceptable < objective.Target)
                throw new BadInputException($"RTO table {path}: {section}.{row.Name} acceptable ({objective.Acceptable}) is shorter than target ({objective.Target}).");
            result[row.Name] = objective;
        }
        return result;
    }
}

/// <summary>One row of an RTO or RPO table.</summary>
/// <param name="Key">P0..P3, or a data type.</param>
/// <param name="Description">What the row covers ("Service Down").</param>
/// <param name="Target">What the team aims for.</param>
/// <param name="Acceptable">The most it tolerates; beyond is a breach.</param>
public sealed record Objective(string Key, string? Description, TimeSpan Target, TimeSpan Acceptable)
{
    /// <summary>How often people hear about an incident of this severity while it lasts (seed 004: P0 every 15 minutes); null: not set.</summary>
    public TimeSpan? UpdateEvery { get; init; }

    /// <summary>Judges a real-world duration (measured, or a drill's projection) against this row.</summary>
    public Verdict Judge(TimeSpan realWorld)
        => realWorld <= Target ? Verdict.WithinTarget
            : realWorld <= Acceptable ? Verdict.WithinAcceptable
            : Verdict.Breach;
}

/// <summary>How a measurement compares with its objective.</summary>
public enum Verdict
{
    /// <summary>At or under the target.</summary>
    WithinTarget,
    /// <summary>Over the target, at or under the acceptable limit.</summary>
    WithinAcceptable,
    /// <summary>Over the acceptable limit: the drill fails.</summary>
    Breach,
}
