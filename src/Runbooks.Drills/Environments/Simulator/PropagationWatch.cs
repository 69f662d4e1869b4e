using Runbooks.Core.Timing;
using Runbooks.Drills.Definitions;

namespace Runbooks.Drills.Environments.Simulator;

/// <summary>
/// Records the propagations the simulator imposes, as simulated time on the drill's clock. A propagation ends when a
/// webhook moves a scenario into one of its <see cref="SimulatorHost.Propagations"/> states; it began the propagation
/// delay before. The watch polls the scenario states (a few hundred bytes) rather than the request journal, which the
/// load's thousands of requests a second push out within seconds.
/// </summary>
public sealed class PropagationWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;

    private PropagationWatch(SimulatorHost simulator, RunClock clock, TimeSpan pollInterval, IReadOnlyDictionary<string, string> initial)
        => _watching = WatchAsync(simulator, clock, pollInterval, initial, _stop.Token);

    /// <summary>Starts watching from the states the scenarios are in now.</summary>
    public static async Task<PropagationWatch> StartAsync(SimulatorHost simulator, RunClock clock, TimeSpan pollInterval, CancellationToken cancellation)
    {
        var initial = await simulator.Admin.GetScenarioStatesAsync(cancellation).ConfigureAwait(false);
        return new PropagationWatch(simulator, clock, pollInterval, initial);
    }

    private static async Task WatchAsync(SimulatorHost simulator, RunClock clock, TimeSpan pollInterval, IReadOnlyDictionary<string, string> initial,
        CancellationToken stop)
    {
        var last = new Dictionary<string, string>(initial, StringComparer.Ordinal);
        var delayTicks = (long)(simulator.PropagationDelay.TotalSeconds * clock.Time.TimestampFrequency);
        var realWorld = DurationText.Human(clock.Scale.ToRealWorld(simulator.PropagationDelay));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(pollInterval, clock.Time, stop).ConfigureAwait(false);
                var states = await simulator.Admin.GetScenarioStatesAsync(stop).ConfigureAwait(false);
                var now = clock.Time.GetTimestamp();
                foreach (var (scenario, state) in states)
                {
                    if (last.TryGetValue(scenario, out var was) && was == state) continue;
                    last[scenario] = state;
                    if (simulator.Propagations.FirstOrDefault(p => p.Scenario == scenario && p.State == state) is { } target)
                        clock.Record(now - delayTicks, now, $"{Provider(target.Provider)} propagation ({realWorld})");
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { break; }
            catch (HttpRequestException) { /* the simulator is going away with the drill; the watch ends with it */ break; }
        }
    }

    private static string Provider(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];

    /// <summary>Stops watching.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _watching.ConfigureAwait(false);
        _stop.Dispose();
    }
}
