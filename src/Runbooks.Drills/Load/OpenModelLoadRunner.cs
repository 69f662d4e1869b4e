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
public sealed class LoadRun : IAsyncDisposable
{
    private readonly LoadScenario _scenario;
    private readonly LoadRunnerOptions _options;
    private readonly List<LoadBucket> _buckets = [];
    private readonly LatencyHistogram _lag = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _start;
    private long _planned, _sent, _late, _inFlight;

    internal LoadRun(LoadScenario scenario, LoadRunnerOptions options)
    {
        _scenario = scenario;
        _options = options;
        _start = options.Time.GetTimestamp();
        var thread = new Thread(Schedule) { IsBackground = true, Name = $"load:{scenario.Name}", Priority = ThreadPriority.AboveNormal };
        thread.Start();
    }

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
        lock (_buckets)
        {
            var n = 0;
            foreach (var b in _buckets)
            {
                var end = b.Start + _options.BucketSize;
                var settled = b.Completed + b.Dropped == b.Planned && now >= end;
                if (!(settled || now >= end + _options.RequestTimeout)) break;
                n++;
            }
            return _buckets.GetRange(0, n);
        }
    }

    /// <summary>Every bucket so far, final or not.</summary>
    public IReadOnlyList<LoadBucket> AllBuckets()
    {
        lock (_buckets) return _buckets.ToList();
    }

    /// <summary>How well the generator kept to its schedule.</summary>
    public LoadGeneratorHealth Health()
    {
        var planned = Interlocked.Read(ref _planned);
        return new LoadGeneratorHealth(planned, Interlocked.Read(ref _sent), _lag.Percentile(50), _lag.Percentile(99),
            planned == 0 ? 0 : (double)Interlocked.Read(ref _late) / planned);
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

    private void Schedule()
    {
        var time = _options.Time;
        var lateLimit = TimeSpan.FromMilliseconds(2);
        var phaseStart = TimeSpan.Zero;
        long seq = 0;
        try
        {
            foreach (var phase in _scenario.Simulations)
            {
                var interval = TimeSpan.FromSeconds(1 / phase.PerSecond);
                var phaseEnd = phase.During == Timeout.InfiniteTimeSpan ? TimeSpan.MaxValue : phaseStart + phase.During;
                for (long i = 0; ; i++)
                {
                    var intended = phaseStart + interval * i;
                    if (intended >= phaseEnd || _stop.IsCancellationRequested) break;
                    var now = Elapsed;
                    while (intended > now)
                    {
                        // Sleep while the next arrival is more than a millisecond away; spin the last stretch.
                        if (intended - now > TimeSpan.FromMilliseconds(1.5)) Thread.Sleep(1); else Thread.SpinWait(50);
                        if (_stop.IsCancellationRequested) break;
                        now = Elapsed;
                    }
                    if (_stop.IsCancellationRequested) break;
                    var lag = now - intended;
                    _lag.Record(lag);
                    if (lag > lateLimit) Interlocked.Increment(ref _late);
                    Interlocked.Increment(ref _planned);
                    var bucket = BucketFor(intended);
                    bucket.Plan();
                    if (Interlocked.Read(ref _inFlight) >= _options.MaxInFlight) { bucket.Drop(); continue; }
                    Interlocked.Increment(ref _inFlight);
                    Interlocked.Increment(ref _sent);
                    _ = SendAsync(seq++, intended, bucket);
                }
                if (phaseEnd == TimeSpan.MaxValue || _stop.IsCancellationRequested) break;
                phaseStart = phaseEnd;
            }
        }
        finally
        {
            _ = DrainAsync(time);
        }
    }

    private async Task DrainAsync(TimeProvider time)
    {
        var deadline = Elapsed + _options.RequestTimeout + TimeSpan.FromSeconds(1);
        while (Interlocked.Read(ref _inFlight) > 0 && Elapsed < deadline)
            await Task.Delay(TimeSpan.FromMilliseconds(10), time).ConfigureAwait(false);
        _done.TrySetResult();
    }

    private async Task SendAsync(long seq, TimeSpan intended, LoadBucket bucket)
    {
        var error = true;
        try
        {
            var response = await _scenario.Step(seq, bucket.Timeout).ConfigureAwait(false);
            error = response.IsError;
        }
        catch (Exception)
        {
            // A timeout, a reset connection or a refused one: the user saw a failure.
        }
        finally
        {
            bucket.Complete(error, Elapsed - intended);
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private LoadBucket? _current;

    // Only the scheduler thread calls this; the lock is taken only when a new bucket begins.
    private LoadBucket BucketFor(TimeSpan intended)
    {
        var index = (int)(intended.Ticks / _options.BucketSize.Ticks);
        if (_current is { } c && (int)(c.Start.Ticks / _options.BucketSize.Ticks) == index) return c;
        lock (_buckets)
        {
            while (_buckets.Count <= index)
            {
                var start = _options.BucketSize * _buckets.Count;
                // One timeout per bucket, not one timer per request: every request of the bucket expires together,
                // a request timeout after the bucket's end.
                var deadline = start + _options.BucketSize + _options.RequestTimeout - Elapsed;
                _buckets.Add(new LoadBucket(start, new CancellationTokenSource(deadline > TimeSpan.Zero ? deadline : TimeSpan.Zero, _options.Time)));
            }
            return _current = _buckets[index];
        }
    }
}
