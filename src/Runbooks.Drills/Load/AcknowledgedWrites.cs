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

    private string? _firstFailure;
    private long _failures;

    /// <summary>Writes that failed (not acknowledged), timed-out ones included.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>
    /// What the first failed write failed with: the database's error code and message, or the kind of failure. Never the
    /// exception's whole text, which may name a connection.
    /// </summary>
    public string? FirstFailure => Volatile.Read(ref _firstFailure);

    /// <summary>A scenario that performs <paramref name="write"/> per arrival and records it once it returns.</summary>
    public LoadScenario Scenario(string name, Func<long, CancellationToken, Task> write)
        => LoadScenario.Create(name, async (seq, ct) =>
        {
            try
            {
                await write(seq, ct).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref _failures);
                Interlocked.CompareExchange(ref _firstFailure,
                    e is Npgsql.PostgresException p ? $"{p.SqlState}: {p.MessageText}" : e is OperationCanceledException ? "a timeout" : e.GetType().Name, null);
                throw;
            }
            _acks[seq] = time.GetElapsedTime(startTimestamp);
            return LoadResponse.Ok();
        });

    /// <summary>Acknowledgement times of the writes in <paramref name="lost"/>.</summary>
    public IReadOnlyList<TimeSpan> AckTimesOf(IEnumerable<long> lost)
        => lost.Where(_acks.ContainsKey).Select(s => _acks[s]).ToList();
}
