using System.Net;
using Runbooks.Core.Errors;

namespace Runbooks.Providers.Http;

/// <summary>
/// A provider API answered with an error (exit 1). The message is one sentence naming the provider, the operation
/// and the resource, never a token; the provider's own code is kept for callers that branch on it.
/// </summary>
public class ProviderException : RunbookException
{
    /// <summary>Creates the error.</summary>
    public ProviderException(string message, string provider, HttpStatusCode? status, ProviderError? error, Exception? inner = null)
        : base(message, ExitCodes.Failed, inner)
    {
        Provider = provider;
        Status = status;
        Error = error;
    }

    /// <summary>"Cloudflare" or "Vercel".</summary>
    public string Provider { get; }

    /// <summary>The HTTP status of the last answer, if there was one.</summary>
    public HttpStatusCode? Status { get; }

    /// <summary>The provider's error code (Cloudflare's number such as <c>10220</c>, Vercel's slug such as <c>forbidden</c>).</summary>
    public string? ErrorCode => Error?.Code;

    /// <summary>What the provider said, when its answer had an error body.</summary>
    public ProviderError? Error { get; }
}
