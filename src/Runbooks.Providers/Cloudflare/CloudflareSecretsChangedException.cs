using System.Net;
using Runbooks.Providers.Http;

namespace Runbooks.Providers.Cloudflare;

/// <summary>
/// Cloudflare refused a rollback because secrets changed since the target version (code 10220). The message asks
/// the question wrangler asks, so the operator can re-run with <c>force: true</c> knowingly.
/// </summary>
public sealed class CloudflareSecretsChangedException(string message, HttpStatusCode? status, ProviderError? error, Exception? inner = null)
    : ProviderException(message, "Cloudflare", status, error, inner);
