namespace Runbooks.Core.Incidents;

/// <summary>Where an incident's response stands, as Statuspage names it (seed 004: Investigating/Mitigating/Resolved).</summary>
public enum IncidentStatus
{
    /// <summary>Looking for the cause.</summary>
    Investigating,

    /// <summary>The cause is known; the fix is under way.</summary>
    Identified,

    /// <summary>The fix is in; watching that it holds.</summary>
    Monitoring,

    /// <summary>Over.</summary>
    Resolved,
}

/// <summary>Names of <see cref="IncidentStatus"/> as APIs and people write them.</summary>
public static class IncidentStatusNames
{
    /// <summary><c>investigating</c>, <c>identified</c>, <c>monitoring</c>, <c>resolved</c>.</summary>
    public static string ToApiName(this IncidentStatus status) => status.ToString().ToLowerInvariant();
}
