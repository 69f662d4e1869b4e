namespace Runbooks.Core.Incidents;

/// <summary>Somewhere an incident's updates go (a Slack channel, a status page).</summary>
public interface IIncidentChannel
{
    /// <summary>For the timeline: "Slack", "status page".</summary>
    string Name { get; }

    /// <summary>Posts <paramref name="update"/>; returns what it said in a few words; throws when the channel refused it.</summary>
    Task<string> PostAsync(IncidentUpdate update, CancellationToken cancellation);
}
