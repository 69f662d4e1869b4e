namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>A Worker deployment: which versions serve, at which shares. Immutable; a rollback is a new one.</summary>
/// <param name="Id">Its id.</param>
/// <param name="CreatedOn">When it was made.</param>
/// <param name="Source">Who made it: <c>wrangler</c>, <c>api</c>, <c>dash</c>.</param>
/// <param name="AuthorEmail">The author.</param>
/// <param name="Message">Its <c>workers/message</c> annotation.</param>
/// <param name="TriggeredBy">Its <c>workers/triggered_by</c> annotation: <c>upload</c>, <c>rollback</c>, <c>secret</c>, ...</param>
/// <param name="Versions">The versions and their shares.</param>
public sealed record WorkerDeployment(string Id, DateTimeOffset CreatedOn, string Source, string AuthorEmail, string? Message, string TriggeredBy,
    IReadOnlyList<VersionShare> Versions)
{
    /// <summary>The version serving all traffic, or null for a split.</summary>
    public string? WholeVersion => Versions.FirstOrDefault(v => v.Percentage >= 100)?.VersionId;
}
