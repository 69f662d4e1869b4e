namespace Runbooks.Providers.Cloudflare;

/// <summary>What <see cref="CloudflareFacade.RestoreVars"/> did.</summary>
/// <param name="Worker">The Worker.</param>
/// <param name="FromVersionId">The known-good version whose vars were put back.</param>
/// <param name="Changed">The vars whose value changed (or that came back, or went), by name.</param>
public sealed record VarsRestoreResult(string Worker, string FromVersionId, IReadOnlyList<string> Changed);
