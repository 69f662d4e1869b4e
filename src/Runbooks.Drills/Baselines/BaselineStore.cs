using System.Text.Json;
using System.Text.Json.Nodes;
using Runbooks.Core.Errors;

namespace Runbooks.Drills.Baselines;

/// <summary>
/// <c>drills/baselines.json</c>: the measured overhead (the runbook's real work, unscaled) of each drill, against which
/// <c>drill run</c> detects regressions, and which <c>drill baseline --update</c> rewrites.
/// </summary>
public sealed class BaselineStore(string path)
{
    /// <summary>The file.</summary>
    public string Path { get; } = path;

    /// <summary>The store beside <paramref name="drill"/>'s file: <c>baselines.json</c> in the same folder.</summary>
    public static BaselineStore For(Definitions.DrillDefinition drill)
        => new(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(drill.SourcePath))!, FileName));

    /// <summary>The file name of a baseline store.</summary>
    public const string FileName = "baselines.json";

    /// <summary>The kept overheads by drill name; empty when the file does not exist yet.</summary>
    public IReadOnlyDictionary<string, TimeSpan> Load()
    {
        var result = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        if (!File.Exists(Path)) return result;
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(Path))?["drills"]?.AsObject();
            if (root is null) return result;
            foreach (var (name, node) in root)
                if (node?["overheadMs"]?.GetValue<double>() is { } ms) result[name] = TimeSpan.FromMilliseconds(ms);
            return result;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new BadInputException($"{Path}: not a baselines file ({e.Message}); fix it or rewrite it with 'drill baseline --update'.", e);
        }
    }

    /// <summary>Writes <paramref name="overheads"/> over the kept ones (drills not measured keep their baseline).</summary>
    public void Update(IReadOnlyDictionary<string, TimeSpan> overheads)
    {
        var merged = new SortedDictionary<string, TimeSpan>(Load().ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal);
        foreach (var (k, v) in overheads) merged[k] = v;
        var drills = new JsonObject();
        foreach (var (k, v) in merged) drills[k] = new JsonObject { ["overheadMs"] = Math.Round(v.TotalMilliseconds) };
        var root = new JsonObject
        {
            ["about"] = "Measured runbook overhead per drill (real work, unscaled). drill run fails when a drill takes more than 1.5 times its baseline plus 750 ms (2-core CI noise). Rewrite with: runbooks drill baseline --update",
            ["drills"] = drills,
        };
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        File.WriteAllText(Path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
