namespace Runbooks.Providers.Cloudflare;

/// <summary>What <see cref="CloudflareFacade.DeployBundle"/> did.</summary>
/// <param name="Worker">The Worker.</param>
/// <param name="FromVersionId">The version serving before.</param>
/// <param name="VersionId">The version uploaded from the bundle, now serving.</param>
/// <param name="DeploymentId">The deployment that serves it.</param>
/// <param name="VarsFrom">Where its vars came from: the bundle's <c>vars.json</c>, or the Worker as it was.</param>
public sealed record WorkerBundleResult(string Worker, string? FromVersionId, string VersionId, string DeploymentId, string VarsFrom);
