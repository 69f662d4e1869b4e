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
    /// <param name="admin">The server's admin API.</param>
    /// <param name="directory">The provider's mock set folder (its name is the provider's, e.g. <c>cloudflare</c>).</param>
    /// <param name="propagationDelay">The delay every propagation webhook is set to.</param>
    /// <param name="propagations">Filled with the scenario states the propagation webhooks move to, so a watch can tell a propagation's end.</param>
    /// <param name="cancellation">Cancels the load.</param>
    public static async Task<int> LoadAsync(WireMockAdminClient admin, string directory, TimeSpan propagationDelay, ISet<PropagationTarget>? propagations = null,
        CancellationToken cancellation = default)
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
                foreach (var target in PropagationTargets(copy, Path.GetFileName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar)))) propagations?.Add(target);
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

    /// <summary>The scenario states <paramref name="mapping"/>'s propagation webhooks move to.</summary>
    public static IEnumerable<PropagationTarget> PropagationTargets(JsonObject mapping, string provider)
    {
        if (mapping["serveEventListeners"] is not JsonArray listeners) yield break;
        foreach (var listener in listeners)
        {
            if (listener?["parameters"] is not JsonObject p || p["url"]?.GetValue<string>() is not { } url) continue;
            var at = url.IndexOf("/__admin/scenarios/", StringComparison.Ordinal);
            if (at < 0 || !url.EndsWith("/state", StringComparison.Ordinal)) continue;
            var scenario = Uri.UnescapeDataString(url[(at + "/__admin/scenarios/".Length)..^"/state".Length]);
            string? state = null;
            try { state = p["body"]?.GetValue<string>() is { } body ? JsonNode.Parse(body)?["state"]?.GetValue<string>() : null; }
            catch (System.Text.Json.JsonException) { }
            if (state is not null) yield return new PropagationTarget(scenario, state, provider);
        }
    }
}
