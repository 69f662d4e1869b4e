namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>How a deployed version of a simulated service answers.</summary>
public enum BehaviourKind
{
    /// <summary>2xx on every path.</summary>
    Healthy,

    /// <summary>A share of requests fail with a 5xx (all of them at share 1).</summary>
    Failing,

    /// <summary>Answers, slowly: every request takes the given latency.</summary>
    Slow,

    /// <summary>503 with <c>Retry-After</c> and a maintenance page.</summary>
    Maintenance,

    /// <summary>Fails every request because its configuration is wrong (a secret or var that is not the one it needs).</summary>
    Misconfigured,
}
