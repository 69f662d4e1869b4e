using System.Collections.Concurrent;

namespace Runbooks.Core.Timing;

/// <summary>
/// The clock a run waits on. In production and staging it is real time. In a drill it runs at the drill's scale:
/// back-offs, <c>Retry-After</c>, step timeouts and health deadlines that would decide an outcome last their real-world
/// length times the scale, so a drill reaches the same verdict at every scale. Every wait taken through it is recorded,
/// so the drill can project it back as simulated time instead of counting it as the runbook's work.
/// </summary>
public sealed class RunClock
{
    private readonly ConcurrentQueue<SimulatedWait> _waits = new();

    /// <summary>A clock at <paramref name="scale"/> on <paramref name="time"/>.</summary>
    public RunClock(TimeScale scale, TimeProvider? time = null)
    {
        Scale = scale;
        Time = time ?? TimeProvider.System;
    }

    /// <summary>Real time on the system clock: what <c>exec</c> runs on.</summary>
    public static RunClock RealTime(TimeProvider? time = null) => new(TimeScale.RealTime, time);

    /// <summary>The scale waits and deadlines run at.</summary>
    public TimeScale Scale { get; }

    /// <summary>The underlying clock (tests substitute a fake one).</summary>
    public TimeProvider Time { get; }

    /// <summary>The waits taken so far, in the order they ended.</summary>
    public IReadOnlyList<SimulatedWait> Waits => [.. _waits];

    /// <summary>How long a real-world deadline or timeout lasts on this clock.</summary>
    public TimeSpan Deadline(TimeSpan realWorld) => Scale.ToDrill(realWorld);

    /// <summary>Waits <paramref name="realWorld"/> (scaled) and records the wait as <paramref name="what"/>.</summary>
    public async Task WaitAsync(TimeSpan realWorld, string what, CancellationToken cancellation)
    {
        var start = Time.GetTimestamp();
        try { await Task.Delay(Scale.ToDrill(realWorld), Time, cancellation).ConfigureAwait(false); }
        finally { Record(start, Time.GetTimestamp(), what); }
    }

    /// <summary>
    /// Records simulated time someone else imposed or waited out: a resilience pipeline's back-off, a provider outage, a
    /// propagation, a backup's age (<paramref name="realWorld"/>: the length it stands for, not waited out).
    /// </summary>
    public void Record(long startTimestamp, long endTimestamp, string what, TimeSpan? realWorld = null)
    {
        if (endTimestamp > startTimestamp) _waits.Enqueue(new SimulatedWait(startTimestamp, endTimestamp, what, realWorld));
    }
}
