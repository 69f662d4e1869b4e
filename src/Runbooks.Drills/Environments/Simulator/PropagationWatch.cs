using Runbooks.Core.Timing;
using Runbooks.Drills.Definitions;

namespace Runbooks.Drills.Environments.Simulator;

/// <summary>
/// Sees the propagations the simulator imposes end. A propagation ends when a webhook moves a scenario into one of its
/// <see cref="SimulatorHost.Propagations"/> states; it began the propagation delay before (the simulator's own lag beyond
/// that delay is real time on this machine, not the provider's). The watch polls the scenario states (a few hundred bytes)
/// every few milliseconds rather than the request journal, which drills turn off for throughput, and keeps the bounds of
/// each change: the load often places the same moment more precisely, as the service's recovery.
/// </summary>
public sealed class PropagationWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<PropagationEnd> _ends = new();
    private readonly Task _watching;

    private PropagationWatch(SimulatorHost simulator, RunClock clock, TimeSpan pollInterval, IReadOnlyDictionary<string, string> initial)
        => _watching = WatchAsync(simulator, clock, pollInterval, initial, _ends, _stop.Token);

    /// <summary>The propagations seen to end so far.</summary>
    public IReadOnlyList<PropagationEnd> Ends => [.. _ends];

    /// <summary>Starts watching from the states the scenarios are in now.</summary>
    public static async Task<PropagationWatch> StartAsync(SimulatorHost simulator, RunClock clock, TimeSpan pollInterval, CancellationToken cancellation)
    {
        var initial = await simulator.Admin.GetScenarioStatesAsync(cancellation).ConfigureAwait(false);
        return new PropagationWatch(simulator, clock, pollInterval, initial);
    }

    private static async Task WatchAsync(SimulatorHost simulator, RunClock clock, TimeSpan pollInterval, IReadOnlyDictionary<string, string> initial,
        System.Collections.Concurrent.ConcurrentQueue<PropagationEnd> ends, CancellationToken stop)
    {
        var last = new Dictionary<string, string>(initial, StringComparer.Ordinal);
        var previousSent = clock.Time.GetTimestamp();
        var realWorld = DurationText.Human(clock.Scale.ToRealWorld(simulator.PropagationDelay));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(pollInterval, clock.Time, stop).ConfigureAwait(false);
                var sent = clock.Time.GetTimestamp();
                var states = await simulator.Admin.GetScenarioStatesAsync(stop).ConfigureAwait(false);
                var answered = clock.Time.GetTimestamp();
                var notBefore = previousSent;
                previousSent = sent;
                foreach (var (scenario, state) in states)
                {
                    if (last.TryGetValue(scenario, out var was) && was == state) continue;
                    last[scenario] = state;
                    if (simulator.Propagations.FirstOrDefault(p => p.Scenario == scenario && p.State == state) is { } target)
                        ends.Enqueue(new PropagationEnd(notBefore, answered, simulator.PropagationDelay, $"{Provider(target.Provider)} propagation ({realWorld})"));
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
