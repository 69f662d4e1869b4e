using System.Net;
using Runbooks.Core.Errors;
using Runbooks.Providers.Http;

namespace Runbooks.Providers.Cloudflare;

/// <summary>
/// Cloudflare refused a rollback because secrets changed since the target version (code 10220). The message asks
/// the question wrangler asks, so the operator can re-run with <c>force: true</c> knowingly.
/// </summary>
public sealed class CloudflareSecretsChangedException(string message, HttpStatusCode? status, ProviderError? error, Exception? inner = null)
    : ProviderException(message, "Cloudflare", status, error, inner);

/// <summary>Cloudflare error codes the clients branch on.</summary>
public static class CloudflareErrorCodes
{
    /// <summary>A secret changed since the version a deployment targets; repeat with <c>?force=true</c>.</summary>
    public const string SecretsChanged = "10220";

    /// <summary>The Worker does not exist on the account.</summary>
    public const string WorkerNotFound = "10007";
}

/// <summary>No earlier deployment served a single version at 100%, so there is nothing wrangler would roll back to.</summary>
public sealed class NoRollbackTargetException(string worker)
    : RunbookException($"Worker {worker} has no earlier deployment that served one version at 100%, so there is no stable version " +
        "to roll back to; pass the version id explicitly.", ExitCodes.Failed);
