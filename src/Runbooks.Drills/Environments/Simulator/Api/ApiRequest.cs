using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Runbooks.Drills.Environments.Simulator.Api;

/// <summary>One call to a simulated provider API, independent of the server that received it.</summary>
/// <param name="Method">GET, POST, ...</param>
/// <param name="Path">The path below the API's root (for Cloudflare, below <c>/client/v4</c>), decoded.</param>
/// <param name="Query">The query, each name with its values.</param>
/// <param name="Headers">The headers, names compared without case.</param>
/// <param name="Body">The raw body.</param>
public sealed record ApiRequest(string Method, string Path, IReadOnlyDictionary<string, IReadOnlyList<string>> Query,
    IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>The first value of query parameter <paramref name="name"/>, or null.</summary>
    public string? QueryValue(string name) => Query.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;

    /// <summary>Whether query parameter <paramref name="name"/> is <c>true</c> or <c>1</c>.</summary>
    public bool QueryFlag(string name) => QueryValue(name) is "true" or "1";

    /// <summary>The header <paramref name="name"/>, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    /// <summary>The body as text.</summary>
    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>
    /// The body parsed as JSON whatever its Content-Type says (wrangler sends some JSON as text/plain); null when empty.
    /// A body that is not JSON is refused the way the provider refuses it.
    /// </summary>
    public JsonNode? Json()
    {
        if (Body.Length == 0) return null;
        try { return JsonNode.Parse(Body); }
        catch (JsonException e) { throw new Model.ProviderRefusal(400, "10026", $"Could not parse the request body as JSON: {e.Message}"); }
    }

    /// <summary>The body as a JSON object (empty when there is no body).</summary>
    public JsonObject JsonObject()
        => Json() switch { null => new JsonObject(), JsonObject o => o, _ => throw new Model.ProviderRefusal(400, "10026", "The request body must be a JSON object.") };
}
