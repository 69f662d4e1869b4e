namespace Runbooks.Core.Timing;

/// <summary>
/// A span a run spent waiting on the world rather than working: a provider's retry back-off, a <c>Retry-After</c>. In a
/// drill it lasted its real-world length times the scale, and the projection counts it as simulated time.
/// </summary>
/// <param name="StartTimestamp">When the wait began, a timestamp of the run clock's <see cref="TimeProvider"/>.</param>
/// <param name="EndTimestamp">When it ended.</param>
/// <param name="What">What was waited for, for the report ("Cloudflare API retry back-off").</param>
/// <param name="RealWorld">
/// The real-world length it stands for when that is not its length over the scale: a backup's age, which the drill
/// does not wait out at all.
/// </param>
public sealed record SimulatedWait(long StartTimestamp, long EndTimestamp, string What, TimeSpan? RealWorld = null);
