using System.Text.Json.Nodes;

namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>
/// The team's Slack incoming webhook and Statuspage page, as the simulator keeps them: every message posted and every
/// incident with its updates, each stamped on the drill's clock so a drill can say when people were told what.
/// </summary>
public sealed class SimulatedCommunications
{
    private readonly List<CommunicationPost> _posts = [];

    /// <summary>The path of the one webhook that works (<c>/slack/services/T.../B.../secret</c>); any other is a revoked one.</summary>
    public string WebhookPath { get; } = "/slack/services/T0SIMULATE/B0SIMULATE/" + Guid.NewGuid().ToString("N")[..24];

    /// <summary>The Statuspage page id.</summary>
    public string PageId { get; } = "simpage0001";

    /// <summary>Statuspage incidents, by id, as the API shapes them.</summary>
    public Dictionary<string, JsonObject> Incidents { get; } = new(StringComparer.Ordinal);

    /// <summary>Everything sent, oldest first (read under the model's lock).</summary>
    public IReadOnlyList<CommunicationPost> Posts => _posts;

    /// <summary>Records a message.</summary>
    public void Record(CommunicationPost post) => _posts.Add(post);

    /// <summary>Forgets everything (a new drill).</summary>
    public void Clear()
    {
        _posts.Clear();
        Incidents.Clear();
    }
}
