using Runbooks.Core.Errors;

namespace Runbooks.Providers.Cloudflare;

/// <summary>No earlier deployment served a single version at 100%, so there is nothing wrangler would roll back to.</summary>
public sealed class NoRollbackTargetException(string worker)
    : RunbookException($"Worker {worker} has no earlier deployment that served one version at 100%, so there is no stable version " +
        "to roll back to; pass the version id explicitly.", ExitCodes.Failed);
