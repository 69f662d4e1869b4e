using System.Text.Json.Nodes;
using Runbooks.Core.Errors;
using Runbooks.Drills.Environments.WireMock;

namespace Runbooks.Drills.Environments.Simulator;

/// <summary>
/// Loads the WireMock mapping files of <c>drills/mocks/&lt;provider&gt;/</c> into a running server through the admin API
/// (so WireMock.Net could load them too), setting every propagation webhook's delay to the one asked for.
/// </summary>
public static class MockSetLoader
{
    /// <summary>Loads every <c>*.json</c> under <paramref name="directory"/>; each holds one mapping or <c>{"mappings":[...]}</c>. Returns how many mappings.</summary>
    public static async Task<int> LoadAsync(WireMockAdminClient admin, string directory, TimeSpan propagationDelay, CancellationToken cancellation = default)
    {
        if (!Directory.Exists(directory)) throw new BadInputException($"Mock set {directory} does not exist.");
        var count = 0;
        foreach (var file in Directory.GetFiles(directory, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            JsonNode root;
            try { root = JsonNode.Parse(await File.ReadAllTextAsync(file, cancellation).ConfigureAwait(false))!; }
            catch (System.Text.Json.JsonException e) { throw new BadInputException($"Mock file {file} is not valid JSON: {e.Message}", e); }
            var mappings = root["mappings"] is JsonArray array ? array.Select(m => m!.AsObject()) : [root.AsObject()];
            foreach (var mapping in mappings)
            {
                var copy = mapping.DeepClone().AsObject();
                SetPropagationDelay(copy, propagationDelay);
                await admin.AddMappingAsync(copy, cancellation).ConfigureAwait(false);
                count++;
            }
        }
        return count;
    }

    /// <summary>
    /// A webhook that moves a scenario (<c>PUT .../__admin/scenarios/X/state</c>) is how the mock sets model propagation:
    /// the API answers at once, the simulated service changes after this delay.
    /// </summary>
    public static void SetPropagationDelay(JsonObject mapping, TimeSpan delay)
    {
        if (mapping["serveEventListeners"] is not JsonArray listeners) return;
        foreach (var listener in listeners)
            if (listener?["parameters"] is JsonObject p && p["url"]?.GetValue<string>().Contains("/__admin/scenarios/", StringComparison.Ordinal) == true)
                p["delay"] = new JsonObject { ["type"] = "fixed", ["milliseconds"] = (long)delay.TotalMilliseconds };
    }
}
