namespace Runbooks.Core.Estates;

/// <summary>The kinds of service an estate runs, each answering at a URL of its own.</summary>
public enum EstateServiceKind
{
    /// <summary>A Cloudflare Worker.</summary>
    Worker,

    /// <summary>A Cloudflare Pages project.</summary>
    Pages,

    /// <summary>A Vercel project.</summary>
    Vercel,
}
