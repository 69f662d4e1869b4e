namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>A rollback's or promote's alias job (V-3 <c>lastAliasRequest</c>). Immutable.</summary>
/// <param name="Type"><c>rollback</c> or <c>promote</c>.</param>
/// <param name="FromDeploymentId">What production served before.</param>
/// <param name="ToDeploymentId">What it serves after.</param>
/// <param name="RequestedAt">When it was asked for.</param>
/// <param name="EndTimestamp">When the job ends (a timestamp of the drill's clock).</param>
/// <param name="Fails">Whether it ends failed (production then stays where it was).</param>
public sealed record VercelAliasRequest(string Type, string FromDeploymentId, string ToDeploymentId, DateTimeOffset RequestedAt, long EndTimestamp, bool Fails)
{
    /// <summary><c>in-progress</c> until it ends, then <c>succeeded</c> or <c>failed</c>.</summary>
    public string JobStatus(long now) => now < EndTimestamp ? "in-progress" : Fails ? "failed" : "succeeded";
}
