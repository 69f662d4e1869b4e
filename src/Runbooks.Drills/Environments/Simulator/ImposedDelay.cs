namespace Runbooks.Drills.Environments.Simulator;

/// <summary>
/// A delay the simulator imposes on an answer (a slow release, injected latency), never shorter than asked. Timers fire
/// on a millisecond tick and can end a fraction of a millisecond early by the high-resolution clock users time answers
/// with: a 300 ms answer must not arrive in 299.9 ms, or a threshold exactly at its latency reads it as fast.
/// </summary>
internal static class ImposedDelay
{
    /// <summary>Waits at least <paramref name="delay"/> on <paramref name="time"/>'s own timestamps.</summary>
    public static async Task WaitAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellation)
    {
        var started = time.GetTimestamp();
        for (var left = delay; left > TimeSpan.Zero; left = delay - time.GetElapsedTime(started))
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds)), time, cancellation).ConfigureAwait(false);
    }
}
