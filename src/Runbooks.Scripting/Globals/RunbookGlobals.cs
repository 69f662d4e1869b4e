using Runbooks.Core.Estates;
using Runbooks.Core.Errors;
using Runbooks.Core.Incidents;
using Runbooks.Core.Params;
using Runbooks.Core.Runs;
using Runbooks.Core.Steps;
using Runbooks.Providers;
using Runbooks.Providers.Cloudflare;
using Runbooks.Providers.Http;
using Runbooks.Providers.Neon;
using Runbooks.Providers.Postgres;
using Runbooks.Providers.Supabase;
using Runbooks.Providers.Vercel;

namespace Runbooks.Scripting.Globals;

/// <summary>
/// What a runbook script sees as its globals: <c>Param</c>, <c>Secret</c>, <c>Step</c>, <c>Log</c>, <c>Incident</c> and the
/// provider clients. Every member delegates to the run; the script reads like the procedure it replaces.
/// </summary>
public class RunbookGlobals
{
    private readonly RunbookRun _run;
    private readonly ParamSet _params;
    private DbClient? _db;
    private CloudflareFacade? _cloudflare;
    private VercelFacade? _vercel;
    private NeonClient? _neon;
    private SupabaseClient? _supabase;
    private HttpProbe? _http;
    private Estate? _estate;

    /// <summary>Creates the globals for one run; <paramref name="estate"/> null reads the estate file on first use.</summary>
    public RunbookGlobals(RunbookRun run, ParamSet parameters, ProviderContext providers, string runbookPath, Estate? estate = null)
    {
        _run = run;
        _estate = estate;
        _params = parameters;
        Providers = providers;
        RunbookPath = runbookPath;
    }

    /// <summary>Compiles the runbooks this one runs as sub-procedures (<c>Run</c>); set by the executor.</summary>
    internal Hosting.RunbookHost? Host { get; init; }

    /// <inheritdoc cref="Run(string, IReadOnlyDictionary{string, string})"/>
    public Task Run(string runbook, params (string Name, string Value)[] parameters)
        => Run(runbook, parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal));

    /// <summary>
    /// Runs another runbook of this one's folder as a sub-procedure, with only the params given here: its steps run in
    /// this run (same journal, clock, secrets and estate) and nest under its name, <c>worker-rollback/Wait until
    /// healthy</c>. A failed step in it fails this runbook, as a failed step here does. Composes procedures without
    /// copying them: <c>await Run("worker-rollback", ("worker", w.Name), ("url", w.Url!));</c>
    /// </summary>
    public async Task Run(string runbook, IReadOnlyDictionary<string, string> parameters)
    {
        var host = Host ?? throw new InvalidOperationException("This run cannot start sub-procedures: it has no runbook host.");
        var path = Hosting.RunbookLocator.Resolve(runbook, RunbookDirectory);
        if (Path.GetFullPath(path) == Path.GetFullPath(RunbookPath))
            throw new BadInputException($"{Path.GetFileName(RunbookPath)} runs itself as a sub-procedure; that would never end.");
        var prepared = host.Prepare(path);
        var given = new ParamSet(parameters, static _ => null);
        if (_run.Settings.Mode != RunMode.Plan) given.EnsurePresent(prepared.RequiredParams, $"{Path.GetFileName(path)} (run by {Path.GetFileName(RunbookPath)})");
        var child = new RunbookGlobals(_run, given, Providers, path, _estate ?? Estate) { Host = host };
        await _run.ProcedureAsync(Path.GetFileNameWithoutExtension(path), given.Given,
            () => Hosting.RunbookHost.RunAsync(prepared, child, _run)).ConfigureAwait(false);
    }

    /// <summary>The context the provider clients are built from.</summary>
    protected ProviderContext Providers { get; }

    /// <summary>
    /// Cloudflare: Worker rollback as <c>wrangler rollback</c> does it, the maintenance Worker, Pages rollback, cache purge,
    /// secrets; <c>Cloudflare.Api</c> for every other operation. Built on first use from <c>--env</c> and the environment.
    /// </summary>
    public CloudflareFacade Cloudflare => _cloudflare ??= CloudflareFacade.FromContext(Providers);

    /// <summary>Vercel: instant rollback and promote that wait for the alias job, env vars as kill switches; <c>Vercel.Api</c> for the rest.</summary>
    public VercelFacade Vercel => _vercel ??= VercelFacade.FromContext(Providers);

    /// <summary>Neon: restore a branch from another branch's past and wait for its operations (<c>NEON_API_KEY</c>).</summary>
    public NeonClient Neon => _neon ??= NeonClient.FromContext(Providers);

    /// <summary>Supabase: the project's in-place point-in-time restore, waited until healthy (<c>SUPABASE_ACCESS_TOKEN</c>).</summary>
    public SupabaseClient Supabase => _supabase ??= SupabaseClient.FromContext(Providers);

    /// <summary>
    /// What the team runs (<c>.config/estate.yaml</c>): <c>Estate.Workers</c>, <c>Estate.Worker("name")</c>, zones, Pages and
    /// Vercel projects, each with its health path and URL. A runbook that loops over <c>Estate.Workers</c> names no Worker
    /// of its own. Read on first use; with no estate file it is empty.
    /// </summary>
    public Estate Estate => _estate ??= Providers.ConfigDirectory is { } dir && File.Exists(Path.Combine(dir, "estate.yaml"))
        ? EstateFile.Read(Path.Combine(dir, "estate.yaml")) : Estate.Empty;

    /// <summary>Probes of a service's own endpoints: <c>Check</c>, <c>Verify</c> (like <c>curl -f</c>), <c>WaitUntilHealthy</c>.</summary>
    public HttpProbe Http => _http ??= new HttpProbe(Providers);

    /// <summary>The full path of the runbook being run.</summary>
    public string RunbookPath { get; }

    /// <summary>The folder of the runbook being run (relative paths in a runbook are best resolved against it).</summary>
    public string RunbookDirectory => Path.GetDirectoryName(RunbookPath)!;

    /// <summary>
    /// A param from <c>--param name=value</c> or <c>RUNBOOK_PARAM_NAME</c>. Without a default it is required: a
    /// literal name is checked before the first step runs; a missing one stops the run with exit 2.
    /// </summary>
    public string Param(string name, string? @default = null)
    {
        var value = _params.TryGet(name) ?? @default;
        if (value is not null) return value;
        if (_run.Settings.Mode == RunMode.Plan) return $"<{name}>";
        _params.EnsurePresent([name], Path.GetFileName(RunbookPath));
        return null!; // unreachable: EnsurePresent threw
    }

    /// <summary>
    /// A param that is a duration (<c>30s</c>, <c>5m</c>, <c>1h</c>): <c>ParamDuration("monitor", "30m")</c>. Not a duration
    /// stops the run with exit 2 naming the param.
    /// </summary>
    public TimeSpan ParamDuration(string name, string? @default = null)
    {
        var text = Param(name, @default);
        if (_run.Settings.Mode == RunMode.Plan && text == $"<{name}>") return TimeSpan.Zero;
        return Core.Catalog.RunbookHeader.ParseDuration(text)
            ?? throw new BadInputException($"param {name} must be a duration like 30s, 5m or 1h, not '{text}'.");
    }

    /// <summary>A secret from the environment (e.g. <c>CLOUDFLARE_API_TOKEN</c>); its value is masked as <c>***</c> everywhere.</summary>
    public string Secret(string name)
        => _run.Settings.Mode == RunMode.Plan ? $"<secret {name}>" : Providers.Secrets.Get(name);

    /// <summary>Whether the secret <paramref name="name"/> is set (a read-only check that can skip what it cannot reach); its value stays masked.</summary>
    public bool HasSecret(string name) => _run.Settings.Mode != RunMode.Plan && Providers.Secrets.TryGet(name) is not null;

    /// <summary>Writes a line to the console and the journal.</summary>
    public void Log(string message) => _run.Log(message);

    /// <summary>
    /// The PostgreSQL database: health, queries, migrations, backup and verified restore. Connects with the
    /// <c>DATABASE_URL</c> secret (or <c>NAME_DATABASE_URL</c> under <c>--env NAME</c>) on first use.
    /// </summary>
    public DbClient Db => _db ??= DbClient.FromContext(Providers);

    /// <summary>The incident: severity (selects the RTO budget), timer, timeline.</summary>
    public Incident Incident => _run.Incident;

    /// <summary>True under <c>--dry-run</c> and <c>plan</c>: destructive steps will not run.</summary>
    public bool DryRun => _run.Settings.Mode != RunMode.Execute;

    /// <summary>Cancelled on Ctrl-C or SIGTERM; step bodies get it as their parameter too.</summary>
    public CancellationToken Cancellation => _run.Cancellation;

    /// <summary>A timed, journaled step. A throwing body fails the runbook unless <paramref name="continueOnError"/>.</summary>
    /// <param name="name">What the step does, as the procedure names it.</param>
    /// <param name="body">The work.</param>
    /// <param name="destructive">Asks for confirmation unless <c>--yes</c>; skipped under <c>--dry-run</c>.</param>
    /// <param name="continueOnError">A failure is journaled and the runbook goes on.</param>
    /// <param name="timeout">Limit for each attempt, real-world: waited on the run's clock, so a drill runs it at its scale.</param>
    /// <param name="retries">Further attempts after a failure, with exponential backoff and jitter.</param>
    /// <param name="retryDelay">First delay between attempts (default 1 s), real-world like <paramref name="timeout"/>.</param>
    public Task Step(string name, Func<CancellationToken, Task> body, bool destructive = false, bool continueOnError = false,
        TimeSpan? timeout = null, int retries = 0, TimeSpan? retryDelay = null)
        => _run.StepAsync<object?>(name, async ct => { await body(ct).ConfigureAwait(false); return null; },
            Options(destructive, continueOnError, timeout, retries, retryDelay), hasResult: false);

    /// <inheritdoc cref="Step(string, Func{CancellationToken, Task}, bool, bool, TimeSpan?, int, TimeSpan?)"/>
    public Task Step(string name, Func<Task> body, bool destructive = false, bool continueOnError = false,
        TimeSpan? timeout = null, int retries = 0, TimeSpan? retryDelay = null)
        => Step(name, _ => body(), destructive, continueOnError, timeout, retries, retryDelay);

    /// <inheritdoc cref="Step(string, Func{CancellationToken, Task}, bool, bool, TimeSpan?, int, TimeSpan?)"/>
    public Task Step(string name, Action body, bool destructive = false, bool continueOnError = false,
        TimeSpan? timeout = null, int retries = 0, TimeSpan? retryDelay = null)
        => Step(name, _ => { body(); return Task.CompletedTask; }, destructive, continueOnError, timeout, retries, retryDelay);

    /// <summary>
    /// A timed, journaled step with a result. The result is journaled as JSON and restored by <c>exec --resume</c>;
    /// it is <c>default</c> when the step did not run (plan, dry run, continueOnError).
    /// </summary>
    /// <inheritdoc cref="Step(string, Func{CancellationToken, Task}, bool, bool, TimeSpan?, int, TimeSpan?)"/>
    public async Task<T> Step<T>(string name, Func<CancellationToken, Task<T>> body, bool destructive = false,
        bool continueOnError = false, TimeSpan? timeout = null, int retries = 0, TimeSpan? retryDelay = null)
        => (await _run.StepAsync(name, body, Options(destructive, continueOnError, timeout, retries, retryDelay), hasResult: true)
            .ConfigureAwait(false))!;

    /// <inheritdoc cref="Step{T}(string, Func{CancellationToken, Task{T}}, bool, bool, TimeSpan?, int, TimeSpan?)"/>
    public Task<T> Step<T>(string name, Func<Task<T>> body, bool destructive = false, bool continueOnError = false,
        TimeSpan? timeout = null, int retries = 0, TimeSpan? retryDelay = null)
        => Step(name, _ => body(), destructive, continueOnError, timeout, retries, retryDelay);

    /// <inheritdoc cref="Step{T}(string, Func{CancellationToken, Task{T}}, bool, bool, TimeSpan?, int, TimeSpan?)"/>
    public Task<T> Step<T>(string name, Func<T> body, bool destructive = false, bool continueOnError = false,
        TimeSpan? timeout = null, int retries = 0, TimeSpan? retryDelay = null)
        => Step(name, _ => Task.FromResult(body()), destructive, continueOnError, timeout, retries, retryDelay);

    /// <summary>Fails the current step (or the runbook, outside a step) with <paramref name="message"/>: a verification that did not hold.</summary>
    public static void Fail(string message) => throw new RunbookException(message, ExitCodes.Failed);

    private static StepOptions Options(bool destructive, bool continueOnError, TimeSpan? timeout, int retries, TimeSpan? retryDelay)
        => new()
        {
            Destructive = destructive,
            ContinueOnError = continueOnError,
            Timeout = timeout,
            Retries = retries,
            RetryDelay = retryDelay ?? StepOptions.Default.RetryDelay,
        };
}
