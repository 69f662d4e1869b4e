using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Runbooks.Drills.Load;

/// <summary>
/// An open-model (constant arrival rate) load generator that follows the rules of k6's constant-arrival-rate, wrk2
/// and HdrHistogram: arrival i is due at an absolute time on one monotonic clock; one dedicated thread wakes about
/// every millisecond and starts everything due, never waiting for a response; latency is measured from the intended
/// time; over the in-flight cap an arrival is dropped and counted as a failure; results aggregate per bucket of
/// intended time; the generator measures its own lateness.
/// </summary>
public sealed class OpenModelLoadRunner(LoadRunnerOptions? options = null)
{
    private readonly LoadRunnerOptions _options = (options ?? new LoadRunnerOptions()).Validate();

    /// <summary>Starts <paramref name="scenario"/> at once; the returned run is live until its phases end or it is stopped.</summary>
    public LoadRun Start(LoadScenario scenario)
    {
        if (scenario.Simulations.Count == 0) throw new ArgumentException($"Scenario '{scenario.Name}' has no load simulation.");
        return new LoadRun(scenario, _options);
    }
}

/// <summary>A running (or finished) load: live buckets for a detector, the generator's health, and stop.</summary>
public sealed class LoadRun : IAsyncDisposable, Harness.IDrillLoad
{
    private static readonly long LateLimitTicks = TimeSpan.FromMilliseconds(2).Ticks;

    private readonly LoadScenario _scenario;
    private readonly LoadRunnerOptions _options;
    private readonly List<LoadBucket> _buckets = [];
    private readonly LatencyHistogram _lag = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<Arrival> _pool = new();
    private readonly long _start;

    // Written only by the scheduler thread, once per batch; read by anyone.
    private long _planned, _sent, _late;
    private long _plannedThrough;

    // Written by completing requests; in flight is _sent - _finished.
    private long _finished;

    // Guarded by the lock on _buckets: how many buckets from the first are final.
    private int _final;

    internal LoadRun(LoadScenario scenario, LoadRunnerOptions options)
    {
        _scenario = scenario;
        _options = options;
        _start = options.Time.GetTimestamp();
        var thread = new Thread(Schedule) { IsBackground = true, Name = $"load:{scenario.Name}", Priority = ThreadPriority.AboveNormal };
        thread.Start();
    }

    /// <summary>The clock the run is measured on.</summary>
    public TimeProvider Time => _options.Time;

    /// <summary>The run's start, as a timestamp of <see cref="Time"/>: what <see cref="Elapsed"/> counts from.</summary>
    public long StartTimestamp => _start;

    /// <summary>Time since the run started, on its clock: the drill's timeline is measured on this.</summary>
    public TimeSpan Elapsed => _options.Time.GetElapsedTime(_start);

    /// <summary>Completes when the schedule has ended and every request has finished or timed out.</summary>
    public Task Completion => _done.Task;

    /// <summary>Bucket width.</summary>
    public TimeSpan BucketSize => _options.BucketSize;

    /// <summary>
    /// Buckets that can no longer change: every arrival in them finished, or their end is a request timeout behind.
    /// Contiguous from the first bucket, so a detector can judge the series as it grows.
    /// </summary>
    public IReadOnlyList<LoadBucket> FinalBuckets()
    {
        var now = Elapsed;
        lock (_buckets) return _buckets.GetRange(0, AdvanceFinal(now));
    }

    /// <inheritdoc />
    public IReadOnlyList<Measurement.BucketSample> FinalSamplesFrom(int from)
    {
        var final = FinalBuckets();
        var samples = new List<Measurement.BucketSample>(Math.Max(0, final.Count - from));
        for (var i = from; i < final.Count; i++) samples.Add(final[i].ToSample());
        return samples;
    }

    /// <inheritdoc />
    public TimeSpan ToTimeline(long timestamp) => _options.Time.GetElapsedTime(_start, timestamp);

    /// <summary>Every bucket so far, final or not.</summary>
    public IReadOnlyList<LoadBucket> AllBuckets()
    {
        lock (_buckets) return _buckets.ToList();
    }

    /// <summary>How well the generator kept to its schedule.</summary>
    public LoadGeneratorHealth Health()
    {
        var planned = Volatile.Read(ref _planned);
        long dropped;
        lock (_buckets) dropped = _buckets.Sum(b => b.Dropped);
        return new LoadGeneratorHealth(planned, Volatile.Read(ref _sent), _lag.Percentile(50), _lag.Percentile(99),
            planned == 0 ? 0 : (double)Volatile.Read(ref _late) / planned) { Dropped = dropped };
    }

    /// <summary>Stops planning arrivals and waits for those in flight (at most a request timeout).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _done.Task.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private long InFlight => Volatile.Read(ref _sent) - Volatile.Read(ref _finished);

    // Caller holds the lock on _buckets. Finality only ever grows (a final bucket takes no more arrivals and its
    // counts stop moving), so the scan resumes where the last one stopped instead of walking the whole run.
    private int AdvanceFinal(TimeSpan now)
    {
        // A bucket whose arrivals the scheduler has not all planned yet is not settled, however many have finished.
        var plannedThrough = TimeSpan.FromTicks(Volatile.Read(ref _plannedThrough));
        for (; _final < _buckets.Count; _final++)
        {
            var b = _buckets[_final];
            var end = b.Start + _options.BucketSize;
            var settled = now >= end && plannedThrough >= end && b.Completed + b.Dropped == b.Planned;
            if (!(settled || now >= end + _options.RequestTimeout)) break;
            // Settled: every request finished, so the timer is no longer needed. Final by timeout: the timer is what
            // cancels the requests still running, and it may fire late on a busy machine, so it stays until the run ends.
            if (settled) b.ReleaseTimeout();
        }
        return _final;
    }

    private void Schedule()
    {
        var phaseStart = 0L;
        long seq = 0;
        try
        {
            foreach (var phase in _scenario.Simulations)
            {
                var ticksPerArrival = TimeSpan.TicksPerSecond / phase.PerSecond;
                var phaseEnd = phase.During == Timeout.InfiniteTimeSpan ? long.MaxValue : phaseStart + phase.During.Ticks;
                long i = 0;
                while (!_stop.IsCancellationRequested)
                {
                    // Everything due by now goes out in one batch: per-arrival spinning until each intended time
                    // costs a whole core at high rates, and the late limit (2 ms) leaves room for a 1 ms wake-up.
                    var now = Elapsed.Ticks;
                    var first = i;
                    while (true)
                    {
                        var intended = phaseStart + (long)(i * ticksPerArrival);
                        if (intended > now || intended >= phaseEnd) break;
                        i++;
                    }
                    if (i > first) seq = SendBatch(first, i, phaseStart, ticksPerArrival, seq, now);
                    var next = phaseStart + (long)(i * ticksPerArrival);
                    if (next >= phaseEnd) break;
                    if (next > Elapsed.Ticks) Thread.Sleep(1);
                }
                if (phaseEnd == long.MaxValue || _stop.IsCancellationRequested) break;
                phaseStart = phaseEnd;
            }
        }
        finally
        {
            Volatile.Write(ref _plannedThrough, long.MaxValue);
            _ = DrainAsync();
        }
    }

    // Arrivals [first, end) of the phase are due. They are planned into their buckets before any is sent, so a bucket
    // never looks settled while part of it is still to go out.
    private long SendBatch(long first, long end, long phaseStart, double ticksPerArrival, long seq, long now)
    {
        for (var i = first; i < end;)
        {
            var bucket = BucketFor(phaseStart + (long)(i * ticksPerArrival));
            var bucketEnd = (bucket.Start + _options.BucketSize).Ticks;
            var j = i;
            while (j < end && phaseStart + (long)(j * ticksPerArrival) < bucketEnd) j++;
            bucket.Plan(j - i);
            i = j;
        }
        Volatile.Write(ref _planned, _planned + (end - first));
        Volatile.Write(ref _plannedThrough, now);

        var step = _scenario.Step;
        var sent = _sent;
        var late = 0L;
        var inFlight = sent - Volatile.Read(ref _finished);
        LoadBucket? current = null;
        for (var i = first; i < end; i++)
        {
            var intended = phaseStart + (long)(i * ticksPerArrival);
            if (current is null || intended >= (current.Start + _options.BucketSize).Ticks) current = BucketFor(intended);
            if (inFlight >= _options.MaxInFlight)
            {
                // The estimate only overcounts (completions since it was taken lower it): look again before dropping.
                inFlight = sent - Volatile.Read(ref _finished);
                if (inFlight >= _options.MaxInFlight) { current.Drop(); continue; }
            }
            // The clock is read per arrival, not per batch, so the lateness charged includes the time spent sending
            // the earlier arrivals of the batch.
            var lag = Elapsed.Ticks - intended;
            _lag.RecordSingleWriter(TimeSpan.FromTicks(Math.Max(0, lag)));
            current.RecordLag(lag, _options.BucketSize.Ticks / 4);
            if (lag > LateLimitTicks) late++;
            inFlight++;
            Volatile.Write(ref _sent, ++sent);
            Start(step, seq++, TimeSpan.FromTicks(intended), current);
        }
        Volatile.Write(ref _late, _late + late);
        return seq;
    }

    private void Start(Func<long, CancellationToken, ValueTask<LoadResponse>> step, long seq, TimeSpan intended, LoadBucket bucket)
    {
        ValueTask<LoadResponse> pending;
        try
        {
            pending = step(seq, bucket.Timeout);
        }
        catch (Exception)
        {
            Finish(bucket, intended, error: true);
            return;
        }
        if (pending.IsCompleted)
        {
            Finish(bucket, intended, IsError(pending.ConfigureAwait(false).GetAwaiter()));
            return;
        }
        // A pooled continuation instead of an async method per request: no state machine box and no Task per arrival.
        if (!_pool.TryDequeue(out var arrival)) arrival = new Arrival(this);
        arrival.Await(pending, intended, bucket);
    }

    private static bool IsError(ConfiguredValueTaskAwaitable<LoadResponse>.ConfiguredValueTaskAwaiter awaiter)
    {
        try
        {
            return awaiter.GetResult().IsError;
        }
        catch (Exception)
        {
            // A timeout, a reset connection or a refused one: the user saw a failure.
            return true;
        }
    }

    private void Finish(LoadBucket bucket, TimeSpan intended, bool error)
    {
        bucket.Complete(error, Elapsed - intended);
        Interlocked.Increment(ref _finished);
    }

    private async Task DrainAsync()
    {
        var deadline = Elapsed + _options.RequestTimeout + TimeSpan.FromSeconds(1);
        while (InFlight > 0 && Elapsed < deadline)
            await Task.Delay(TimeSpan.FromMilliseconds(10), _options.Time).ConfigureAwait(false);
        // Every bucket's timeout has passed by now (or nothing is in flight), so all of them are final.
        lock (_buckets)
        {
            AdvanceFinal(TimeSpan.MaxValue - _options.RequestTimeout);
            foreach (var b in _buckets) b.ReleaseTimeout();
        }
        _done.TrySetResult();
    }

    private LoadBucket? _current;

    // Only the scheduler thread calls this; the lock is taken only when a new bucket begins.
    private LoadBucket BucketFor(long intendedTicks)
    {
        var index = (int)(intendedTicks / _options.BucketSize.Ticks);
        if (_current is { } c && (int)(c.Start.Ticks / _options.BucketSize.Ticks) == index) return c;
        lock (_buckets)
        {
            AdvanceFinal(Elapsed);
            while (_buckets.Count <= index)
            {
                var start = _options.BucketSize * _buckets.Count;
                // One timeout per bucket, not one timer per request: every request of the bucket expires together,
                // a request timeout after the bucket's end.
                var deadline = start + _options.BucketSize + _options.RequestTimeout - Elapsed;
                _buckets.Add(new LoadBucket(start, new CancellationTokenSource(deadline > TimeSpan.Zero ? deadline : TimeSpan.Zero, _options.Time),
                    _options.RequestTimeout));
            }
            return _current = _buckets[index];
        }
    }

    // One request awaiting its response; reused through the run's pool.
    private sealed class Arrival
    {
        private readonly LoadRun _run;
        private readonly Action _onCompleted;
        private ConfiguredValueTaskAwaitable<LoadResponse>.ConfiguredValueTaskAwaiter _awaiter;
        private TimeSpan _intended;
        private LoadBucket? _bucket;

        public Arrival(LoadRun run)
        {
            _run = run;
            _onCompleted = OnCompleted;
        }

        public void Await(ValueTask<LoadResponse> pending, TimeSpan intended, LoadBucket bucket)
        {
            _intended = intended;
            _bucket = bucket;
            _awaiter = pending.ConfigureAwait(false).GetAwaiter();
            _awaiter.UnsafeOnCompleted(_onCompleted);
        }

        private void OnCompleted()
        {
            var error = IsError(_awaiter);
            var bucket = _bucket!;
            var intended = _intended;
            _awaiter = default;
            _bucket = null;
            _run._pool.Enqueue(this);
            _run.Finish(bucket, intended, error);
        }
    }
}
