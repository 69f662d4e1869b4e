namespace Runbooks.Providers.Cloudflare;

/// <summary>What a Worker rollback did: from which version to which, through which new deployment.</summary>
/// <param name="Worker">The Worker.</param>
/// <param name="FromVersionId">The version that served before (null if the current deployment was split).</param>
/// <param name="ToVersionId">The version that serves now.</param>
/// <param name="DeploymentId">The deployment the rollback created.</param>
/// <param name="Forced">Whether it overrode the "secrets changed" refusal.</param>
public sealed record WorkerRollbackResult(string Worker, string? FromVersionId, string ToVersionId, string DeploymentId, bool Forced);

/// <summary>What a Pages rollback did.</summary>
/// <param name="Project">The Pages project.</param>
/// <param name="FromDeploymentId">The production deployment before.</param>
/// <param name="ToDeploymentId">The production deployment now.</param>
public sealed record PagesRollbackResult(string Project, string? FromDeploymentId, string ToDeploymentId);
