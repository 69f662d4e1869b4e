using Runbooks.Core.Estates;
using Runbooks.Core.Timing;

namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>
/// The stateful model of the estate's providers: every Worker, Pages project, zone and Vercel project of the estate file,
/// with the history they start from, changed by any sequence of API calls as the providers change them. Provider-side
/// time (propagation, alias jobs, builds) runs on the drill's clock at its scale, and every interval the model imposes is
/// recorded here and, where it delays the service, on the run's clock, which the drill's timeline projects.
/// </summary>
public sealed class SimulatedEstate
{
    private readonly List<SimulatedWorker> _workers = [];
    private readonly List<SimulatedPagesProject> _pages = [];
    private readonly List<SimulatedZone> _zones = [];
    private readonly List<SimulatedVercelProject> _vercel = [];
    private readonly List<ImposedInterval> _intervals = [];

    // Read by the service middleware thousands of times a second, without the lock: replaced whole, never changed.
    private volatile IReadOnlyDictionary<(EstateServiceKind, string), ServiceEdge> _edges = new Dictionary<(EstateServiceKind, string), ServiceEdge>();

    /// <summary>Builds the model of <paramref name="estate"/> on <paramref name="clock"/> (real time when null).</summary>
    public SimulatedEstate(Estate estate, RunClock? clock = null, ProviderTimings? timings = null)
    {
        Estate = estate;
        Hosts = new HostEdge(this);
        Reset(clock ?? RunClock.RealTime(), timings ?? ProviderTimings.Default);
        Postgres = new SimulatedPostgres(estate.Postgres, () => UtcNow);
    }

    /// <summary>What the zones' hostnames answer: their rules, cache, routes and DNS records in front of the services.</summary>
    public HostEdge Hosts { get; }

    /// <summary>Held by every API call and fault while it reads or changes the model.</summary>
    public object Gate { get; } = new();

    /// <summary>The estate modelled.</summary>
    public Estate Estate { get; }

    /// <summary>The clock provider time runs on.</summary>
    public RunClock Clock { get; private set; } = null!;

    /// <summary>The providers' timings, real-world.</summary>
    public ProviderTimings Timings { get; private set; } = null!;

    private readonly HashSet<string> _down = new(StringComparer.Ordinal);

    /// <summary>Whether the upstream provider <paramref name="name"/> (a value of a Worker's choice var) is down.</summary>
    public bool IsDown(string name) { lock (Gate) return _down.Contains(name); }

    /// <summary>Takes upstream <paramref name="name"/> down (or back up): every Worker that calls it fails (or serves) at once.</summary>
    public void SetDown(string name, bool down)
    {
        lock (Gate)
        {
            if (down) _down.Add(name);
            else _down.Remove(name);
            foreach (var w in _workers) w.Reevaluate();
        }
    }

    /// <summary>The estate's managed PostgreSQL (Neon or Supabase), backed by a drill's real database once one is attached.</summary>
    public SimulatedPostgres Postgres { get; }

    /// <summary>The team's Slack webhook and status page: what people were told, and when.</summary>
    public SimulatedCommunications Communications { get; } = new();

    /// <summary>Faults of the simulated Cloudflare API.</summary>
    public ApiFaults CloudflareFaults { get; } = new();

    /// <summary>Faults of the simulated Vercel API.</summary>
    public ApiFaults VercelFaults { get; } = new();

    /// <summary>Added to every answer of the simulator, APIs and services alike (a slow network between the team and its providers).</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
    }

    private long _latencyTicks;

    /// <summary>The faults of <paramref name="api"/>.</summary>
    public ApiFaults FaultsOf(SimulatedApi api) => api == SimulatedApi.Cloudflare ? CloudflareFaults : VercelFaults;

    /// <summary>The Workers: the estate's, then any created through the API.</summary>
    public IReadOnlyList<SimulatedWorker> Workers => _workers;

    /// <summary>The Pages projects.</summary>
    public IReadOnlyList<SimulatedPagesProject> PagesProjects => _pages;

    /// <summary>The zones.</summary>
    public IReadOnlyList<SimulatedZone> Zones => _zones;

    /// <summary>The Vercel projects.</summary>
    public IReadOnlyList<SimulatedVercelProject> VercelProjects => _vercel;

    /// <summary>Every interval imposed since the last reset, oldest first.</summary>
    public IReadOnlyList<ImposedInterval> Intervals { get { lock (Gate) return [.. _intervals]; } }

    /// <summary>Now, on the model's clock.</summary>
    public long Now => Clock.Time.GetTimestamp();

    /// <summary>The wall-clock time API answers show.</summary>
    public DateTimeOffset UtcNow => Clock.Time.GetUtcNow();

    /// <summary>The Worker named <paramref name="name"/>, or null.</summary>
    public SimulatedWorker? Worker(string name) => _workers.FirstOrDefault(w => w.Name == name);

    /// <summary>The Pages project named <paramref name="name"/>, or null.</summary>
    public SimulatedPagesProject? Pages(string name) => _pages.FirstOrDefault(p => p.Name == name);

    /// <summary>The zone with <paramref name="id"/>, or null.</summary>
    public SimulatedZone? Zone(string id) => _zones.FirstOrDefault(z => z.Id == id);

    /// <summary>The Vercel project with <paramref name="idOrName"/>, or null.</summary>
    public SimulatedVercelProject? VercelProject(string idOrName) => _vercel.FirstOrDefault(p => p.Id == idOrName || p.Name == idOrName);

    /// <summary>The edge of the service of <paramref name="kind"/> named <paramref name="name"/>, or null; takes no lock.</summary>
    public ServiceEdge? EdgeOf(EstateServiceKind? kind, string name)
        => kind is { } k && _edges.TryGetValue((k, name), out var edge) ? edge : null;

    private void IndexEdges()
        => _edges = _workers.Select(w => ((EstateServiceKind.Worker, w.Name), w.Edge))
            .Concat(_pages.Select(p => ((EstateServiceKind.Pages, p.Name), p.Edge)))
            .Concat(_vercel.Select(p => ((EstateServiceKind.Vercel, p.Name), p.Edge)))
            .ToDictionary(x => x.Item1, x => x.Edge);

    /// <summary>Creates a Worker that the estate does not name (an upload to a new script name, as a maintenance Worker is).</summary>
    public SimulatedWorker CreateWorker(string name)
    {
        var worker = new SimulatedWorker(this, name, null);
        _workers.Add(worker);
        IndexEdges();
        return worker;
    }

    /// <summary>
    /// Back to the start, on <paramref name="clock"/> with <paramref name="timings"/>: every resource in its starting history,
    /// Workers created through the API gone, faults cleared, no interval recorded.
    /// </summary>
    public void Reset(RunClock clock, ProviderTimings timings)
    {
        lock (Gate)
        {
            Clock = clock;
            Timings = timings.Validate();
            _workers.Clear();
            _pages.Clear();
            _zones.Clear();
            _vercel.Clear();
            _intervals.Clear();
            _down.Clear();
            Communications.Clear();
            CloudflareFaults.Clear();
            VercelFaults.Clear();
            Latency = TimeSpan.Zero;
            foreach (var w in Estate.Workers)
            {
                var worker = new SimulatedWorker(this, w.Name, w);
                worker.Seed();
                _workers.Add(worker);
            }
            foreach (var p in Estate.PagesProjects)
            {
                var project = new SimulatedPagesProject(this, p);
                project.Seed();
                _pages.Add(project);
            }
            foreach (var z in Estate.Zones)
            {
                var zone = new SimulatedZone(z);
                zone.Seed(_workers, UtcNow);
                _zones.Add(zone);
            }
            foreach (var v in Estate.VercelProjects)
            {
                var project = new SimulatedVercelProject(this, v);
                project.Seed();
                _vercel.Add(project);
            }
            IndexEdges();
        }
    }

    /// <summary>
    /// Imposes <paramref name="realWorld"/> of provider time from now, at the clock's scale: records it, on the run's clock
    /// too (a drill projects it as simulated time), and returns when it ends.
    /// </summary>
    public long Impose(IntervalKind kind, string resource, TimeSpan realWorld)
    {
        var start = Now;
        var end = start + (long)(Clock.Scale.ToDrill(realWorld).TotalSeconds * Clock.Time.TimestampFrequency);
        var interval = new ImposedInterval(kind, resource, start, end, realWorld);
        lock (Gate) _intervals.Add(interval);
        Clock.Record(start, end, interval.Describe());
        return end;
    }

    /// <summary>
    /// Records an interval the API imposed without delaying any service (an outage or a rate-limit window), for the
    /// record only: what it costs a runbook is the waits its client records.
    /// </summary>
    public void Note(IntervalKind kind, string resource, long start, long end)
    {
        var realWorld = Clock.Scale.ToRealWorld(TimeSpan.FromSeconds((end - start) / (double)Clock.Time.TimestampFrequency));
        lock (Gate) _intervals.Add(new ImposedInterval(kind, resource, start, end, realWorld));
    }
}
