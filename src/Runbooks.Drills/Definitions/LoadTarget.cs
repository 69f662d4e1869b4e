namespace Runbooks.Drills.Definitions;

/// <summary>What a drill's synthetic users hit: a simulated service, or the application's read query on PostgreSQL.</summary>
public enum LoadTarget
{
    /// <summary>The Cloudflare Worker (its health endpoint unless the drill names a path).</summary>
    Worker,

    /// <summary>The Cloudflare Pages site.</summary>
    Pages,

    /// <summary>The Vercel deployment.</summary>
    Vercel,

    /// <summary>PostgreSQL: the query a pitch page runs.</summary>
    Database,
}
