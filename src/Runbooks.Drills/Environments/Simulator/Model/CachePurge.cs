using System.Text.Json.Nodes;

namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>One cache purge a zone received: when, and what it named (everything, files, tags, hosts or prefixes).</summary>
/// <param name="At">When (drill clock timestamp).</param>
/// <param name="Request">The purge body as sent.</param>
public sealed record CachePurge(long At, JsonObject Request)
{
    /// <summary>Whether it purged everything.</summary>
    public bool Everything => Request["purge_everything"]?.GetValue<bool>() == true;
}
