namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>What a provider was doing on its own time during an interval the model imposed.</summary>
public enum IntervalKind
{
    /// <summary>A Worker or Pages change reaching every edge.</summary>
    Propagation,

    /// <summary>A Vercel rollback's or promote's alias job.</summary>
    AliasJob,

    /// <summary>A Vercel build after a redeploy.</summary>
    Build,

    /// <summary>The provider's API failing every call.</summary>
    ApiOutage,

    /// <summary>The provider's API refusing calls with 429 until its window reopens.</summary>
    RateLimit,
}
