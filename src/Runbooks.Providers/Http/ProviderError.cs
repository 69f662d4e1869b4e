namespace Runbooks.Providers.Http;

/// <summary>What a provider said went wrong, read from its error body: its code and its message.</summary>
/// <param name="Code">Cloudflare's numeric code or Vercel's slug, if the body had one.</param>
/// <param name="Message">The provider's message, or a short description of a body that could not be read.</param>
public sealed record ProviderError(string? Code, string Message)
{
    /// <summary>"10000 Authentication error", or just the message when there is no code.</summary>
    public override string ToString() => Code is null ? Message : $"{Code} {Message}";
}
