using System.Globalization;

namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>How a version (or deployment) of a simulated service answers. Immutable.</summary>
/// <param name="Kind">The kind of answer.</param>
/// <param name="FailShare">For <see cref="BehaviourKind.Failing"/>: the share of requests that fail, 0 to 1.</param>
/// <param name="Status">The status a failing request gets.</param>
/// <param name="Latency">For <see cref="BehaviourKind.Slow"/>: how long every request takes (so its p95 too).</param>
/// <param name="Reason">Why it fails, as its error body says.</param>
public sealed record ServiceBehaviour(BehaviourKind Kind, double FailShare = 0, int Status = 200, TimeSpan Latency = default, string? Reason = null)
{
    /// <summary>Answers 200 everywhere.</summary>
    public static ServiceBehaviour Healthy { get; } = new(BehaviourKind.Healthy);

    /// <summary>The 503 maintenance page.</summary>
    public static ServiceBehaviour Maintenance { get; } = new(BehaviourKind.Maintenance, 1, 503, Reason: "down for maintenance");

    /// <summary>Fails <paramref name="share"/> of requests with <paramref name="status"/>.</summary>
    public static ServiceBehaviour Failing(double share = 1, int status = 500, string reason = "the release is broken")
    {
        if (share is < 0 or > 1 || double.IsNaN(share)) throw new ArgumentOutOfRangeException(nameof(share), share, "must be from 0 to 1");
        if (status is < 400 or > 599) throw new ArgumentOutOfRangeException(nameof(status), status, "must be a 4xx or 5xx");
        return new(BehaviourKind.Failing, share, status, Reason: reason);
    }

    /// <summary>Answers every request after <paramref name="latency"/>.</summary>
    public static ServiceBehaviour Slow(TimeSpan latency)
        => latency <= TimeSpan.Zero ? throw new ArgumentOutOfRangeException(nameof(latency), latency, "must be positive") : new(BehaviourKind.Slow, Latency: latency);

    /// <summary>Fails every request with 500: <paramref name="reason"/> names the secret or var that is wrong.</summary>
    public static ServiceBehaviour Misconfigured(string reason) => new(BehaviourKind.Misconfigured, 1, 500, Reason: reason);

    /// <summary>Whether this behaviour fails any request at all.</summary>
    public bool Fails => Kind is BehaviourKind.Maintenance or BehaviourKind.Misconfigured || (Kind == BehaviourKind.Failing && FailShare > 0);

    /// <summary>For a person: <c>healthy</c>, <c>failing 30% with 500</c>, <c>slow (800 ms)</c>, ...</summary>
    public override string ToString() => Kind switch
    {
        BehaviourKind.Healthy => "healthy",
        BehaviourKind.Failing => $"failing {(FailShare * 100).ToString("0.#", CultureInfo.InvariantCulture)}% with {Status}",
        BehaviourKind.Slow => $"slow ({Latency.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms)",
        BehaviourKind.Maintenance => "in maintenance",
        _ => $"misconfigured ({Reason})",
    };
}
