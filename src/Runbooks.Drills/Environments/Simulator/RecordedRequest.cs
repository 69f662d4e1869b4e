namespace Runbooks.Drills.Environments.Simulator;

/// <summary>One call the simulator's request journal kept (API calls only: service traffic is served before WireMock).</summary>
/// <param name="Method">GET, POST, ...</param>
/// <param name="Url">Path and query, e.g. <c>/client/v4/accounts/.../deployments?force=true</c>.</param>
/// <param name="Body">The body as text.</param>
/// <param name="Headers">The headers, names compared without case.</param>
/// <param name="LoggedAt">When the simulator received it.</param>
/// <param name="Status">The status the simulator answered, when it answered.</param>
public sealed record RecordedRequest(string Method, string Url, string Body, IReadOnlyDictionary<string, string> Headers, DateTimeOffset LoggedAt, int? Status)
{
    /// <summary>The path without the query.</summary>
    public string Path => Url.Split('?', 2)[0];

    /// <summary>The query without its <c>?</c>; empty when there is none.</summary>
    public string Query => Url.Split('?', 2) is [_, var q] ? q : "";

    /// <summary>The body parsed as JSON; null when it is empty or not JSON.</summary>
    public System.Text.Json.Nodes.JsonNode? Json
    {
        get
        {
            try { return Body.Length == 0 ? null : System.Text.Json.Nodes.JsonNode.Parse(Body); }
            catch (System.Text.Json.JsonException) { return null; }
        }
    }
}
