namespace Runbooks.Drills.Environments.Simulator;

/// <summary>A simulated provider API, for faults that apply to all of it.</summary>
public enum SimulatedApi
{
    /// <summary>The Cloudflare v4 API (<c>/client/v4/...</c>).</summary>
    Cloudflare,

    /// <summary>The Vercel API (<c>/vN/...</c>).</summary>
    Vercel,
}
