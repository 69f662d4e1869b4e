using System.Diagnostics;
using Runbooks.Drills.Environments.Simulator;

namespace Runbooks.Tests.Drills.Simulator;

/// <summary>A delay the simulator imposes is never shorter than asked, even when the clock's timers fire early.</summary>
public sealed class ImposedDelayTests
{
    // Timers that fire well before they are due, as a millisecond tick does by a fraction of a millisecond.
    private sealed class EarlyTimers(TimeSpan early) : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
            => TimeProvider.System.CreateTimer(callback, state, dueTime > early ? dueTime - early : TimeSpan.Zero, period);
    }

    [Fact]
    public async Task An_imposed_delay_lasts_its_full_length_on_a_clock_whose_timers_fire_early()
    {
        var watch = Stopwatch.StartNew();

        await ImposedDelay.WaitAsync(TimeSpan.FromMilliseconds(100), new EarlyTimers(TimeSpan.FromMilliseconds(30)), CancellationToken.None);

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(100), $"answered after {watch.Elapsed.TotalMilliseconds:0.000} ms");
    }
}
