using System.Text.Json;
using System.Text.Json.Nodes;
using Runbooks.Core.Errors;

namespace Runbooks.Drills.Baselines;

/// <summary>
/// <c>drills/baselines.json</c>: per drill and <see cref="BaselineKey"/>, the runbook's measured work (real time,
/// unscaled) in its last runs, against whose median <c>drill run</c> detects regressions, and which
/// <c>drill baseline --update</c> appends to.
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

    private const string About = "Per drill and key (build configuration@time scale): the runbook's measured work in ms (real work, unscaled) "
        + "in its last runs, up to 5, and their median (medianMs is derived from samplesMs). drill run compares a run only with the baseline "
        + "of its own key, fails when the run takes more than 1.5 times the median plus 750 ms (2-core CI noise), and warns when it takes "
        + "under a third of the median and at least 500 ms less. Append with: runbooks drill baseline --update [--runs N] [--accept-slower]";

    /// <summary>
    /// The kept baselines by drill name and key; empty when the file does not exist yet. A drill in the old format
    /// (one <c>overheadMs</c>) reads as one sample under <see cref="BaselineKey.Legacy"/>.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<BaselineKey, Baseline>> Load()
    {
        var result = new Dictionary<string, IReadOnlyDictionary<BaselineKey, Baseline>>(StringComparer.Ordinal);
        if (!File.Exists(Path)) return result;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(Path));
        }
        catch (JsonException e)
        {
            throw Malformed($"invalid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}", e);
        }
        try
        {
            if (root is not JsonObject file) throw Malformed("the file is not a JSON object");
            if (file["drills"] is null) return result;
            if (file["drills"] is not JsonObject drills) throw Malformed("'drills' is not an object");
            foreach (var (name, node) in drills)
            {
                if (node is not JsonObject entry) throw Malformed($"drill '{name}' is not an object");
                var byKey = new Dictionary<BaselineKey, Baseline>();
                if (entry.ContainsKey("overheadMs"))
                    byKey[BaselineKey.Legacy] = new Baseline(BaselineKey.Legacy, [Milliseconds(entry["overheadMs"], $"drill '{name}': overheadMs")]);
                else
                    foreach (var (keyText, value) in entry)
                    {
                        var key = BaselineKey.TryParse(keyText)
                            ?? throw Malformed($"drill '{name}': '{keyText}' is not a key such as Release@0.02, a build configuration and a time scale");
                        if (byKey.ContainsKey(key)) throw Malformed($"drill '{name}' has the key {key} twice");
                        var where = $"drill '{name}', key {keyText}";
                        if (value is not JsonObject sampled || sampled["samplesMs"] is not JsonArray { Count: > 0 } samples)
                            throw Malformed($"{where}: samplesMs is not a non-empty list of milliseconds");
                        byKey[key] = new Baseline(key, samples.Select(s => Milliseconds(s, $"{where}: samplesMs")).ToList());
                    }
                result[name] = byKey;
            }
            return result;
        }
        // JsonObject reports a property written twice only when its properties are first read.
        catch (ArgumentException e)
        {
            throw Malformed("an object has a property twice", e);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw Malformed("a value of an unexpected kind", e);
        }
    }

    /// <summary>The baseline of <paramref name="drill"/> under <paramref name="key"/>; one without samples when none is kept.</summary>
    public Baseline Find(string drill, BaselineKey key)
        => Load().TryGetValue(drill, out var byKey) && byKey.TryGetValue(key, out var kept) ? kept : Baseline.None(key);

    /// <summary>
    /// Appends each drill's new samples to its kept ones under the same key (the last <see cref="Baseline.MaxSamples"/>
    /// are kept) and rewrites the file in the current shape. A drill whose new median is beyond the kept median's
    /// regression limit is not recorded unless <paramref name="acceptSlower"/>: a rewrite must not absorb a regression
    /// without anyone saying so. Drills not measured keep their baselines.
    /// </summary>
    public BaselineUpdateOutcome Update(IReadOnlyDictionary<string, Baseline> measured, bool acceptSlower)
    {
        var all = Load().ToDictionary(kv => kv.Key, kv => kv.Value.ToDictionary(), StringComparer.Ordinal);
        var written = new List<string>();
        var refused = new List<string>();
        foreach (var (drill, fresh) in measured.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!fresh.IsRecorded) continue;
            // Whole milliseconds, as the file keeps them, so the median judged now is the one read back later.
            var samples = fresh.Samples.Select(s => TimeSpan.FromMilliseconds(Math.Round(s.TotalMilliseconds))).ToList();
            var byKey = all.TryGetValue(drill, out var found) ? found : all[drill] = new Dictionary<BaselineKey, Baseline>();
            var kept = byKey.TryGetValue(fresh.Key, out var k) ? k : Baseline.None(fresh.Key);
            var newMedian = new Baseline(fresh.Key, samples).Median!.Value;
            if (!acceptSlower && kept.IsRegression(newMedian))
            {
                refused.Add($"{drill}: not recorded, because its new median of {BaselineText.Ms(newMedian)} is beyond the regression limit "
                    + $"({BaselineText.Ms(kept.RegressionLimit!.Value)}) of its kept median of {BaselineText.Ms(kept.Median!.Value)} ({fresh.Key}); "
                    + "pass --accept-slower to record it anyway.");
                continue;
            }
            byKey[fresh.Key] = kept.Append(samples);
            written.Add(drill);
        }
        if (written.Count > 0) Write(all);
        return new BaselineUpdateOutcome(written, refused);
    }

    private void Write(Dictionary<string, Dictionary<BaselineKey, Baseline>> all)
    {
        var drills = new JsonObject();
        foreach (var (name, byKey) in all.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var entry = new JsonObject();
            foreach (var baseline in byKey.Values.Where(b => b.IsRecorded).OrderBy(b => b.Key.ToString(), StringComparer.Ordinal))
                entry[baseline.Key.ToString()] = new JsonObject
                {
                    ["samplesMs"] = new JsonArray(baseline.Samples.Select(s => (JsonNode)Math.Round(s.TotalMilliseconds)).ToArray()),
                    ["medianMs"] = Math.Round(baseline.Median!.Value.TotalMilliseconds),
                };
            drills[name] = entry;
        }
        var root = new JsonObject { ["about"] = About, ["drills"] = drills };
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        File.WriteAllText(Path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private TimeSpan Milliseconds(JsonNode? node, string what)
        => node is JsonValue value && value.TryGetValue<double>(out var ms) && double.IsFinite(ms) && ms >= 0
            ? TimeSpan.FromMilliseconds(ms)
            : throw Malformed($"{what} has '{node?.ToJsonString() ?? "null"}' where a number of milliseconds belongs");

    private BadInputException Malformed(string reason, Exception? inner = null)
        => new($"{Path}: not a baselines file ({reason}); fix it or rewrite it with 'drill baseline --update'.", inner);
}
