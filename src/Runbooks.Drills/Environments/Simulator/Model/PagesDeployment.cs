namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>A Pages deployment. Immutable.</summary>
/// <param name="Id">Its id (a UUID).</param>
/// <param name="CreatedOn">When it was made.</param>
/// <param name="Environment"><c>production</c> or <c>preview</c>.</param>
/// <param name="Behaviour">How the site answers while it serves.</param>
/// <param name="Trigger"><c>github:push</c>, <c>ad_hoc</c>, <c>deploy_hook</c>.</param>
/// <param name="CommitHash">The commit it was built from.</param>
/// <param name="Branch">The branch.</param>
/// <param name="RetryOf">The deployment it retried, if it is a retry.</param>
public sealed record PagesDeployment(string Id, DateTimeOffset CreatedOn, string Environment, ServiceBehaviour Behaviour, string Trigger,
    string CommitHash, string Branch, string? RetryOf = null)
{
    /// <summary>The first 8 characters of the id, as Pages shows it.</summary>
    public string ShortId => Id[..8];
}
