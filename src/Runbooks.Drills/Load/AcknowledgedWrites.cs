using System.Collections.Concurrent;

namespace Runbooks.Drills.Load;

/// <summary>
/// The write workload and its ledger for RPO: every write the database acknowledged is recorded with its sequence
/// number and acknowledgement time, so after a drill the harness can ask which acknowledged writes are gone.
/// </summary>
public sealed class AcknowledgedWrites(TimeProvider time, long startTimestamp)
{
    private readonly ConcurrentDictionary<long, TimeSpan> _acks = new();

    /// <summary>Acknowledged writes: sequence number to acknowledgement time (since the run's start).</summary>
    public IReadOnlyDictionary<long, TimeSpan> Acknowledged => _acks;

    /// <summary>A scenario that performs <paramref name="write"/> per arrival and records it once it returns.</summary>
    public LoadScenario Scenario(string name, Func<long, CancellationToken, Task> write)
        => LoadScenario.Create(name, async (seq, ct) =>
        {
            await write(seq, ct).ConfigureAwait(false);
            _acks[seq] = time.GetElapsedTime(startTimestamp);
            return LoadResponse.Ok();
        });

    /// <summary>Acknowledgement times of the writes in <paramref name="lost"/>.</summary>
    public IReadOnlyList<TimeSpan> AckTimesOf(IEnumerable<long> lost)
        => lost.Where(_acks.ContainsKey).Select(s => _acks[s]).ToList();
}
