using Runbooks.Core.Errors;
using Runbooks.Providers.Http;

namespace Runbooks.Providers.Vercel;

/// <summary>
/// <c>Vercel</c> as runbooks see it: instant rollback and promote that wait for the alias job as <c>vercel rollback</c>
/// does (polling every 250 ms, 3 min by default), and environment variables as kill switches
/// (<c>vercel env set PROCESSING_ENABLED false</c>). The raw API is <see cref="Api"/>.
/// </summary>
public sealed class VercelFacade : IDisposable
{
    private readonly ProviderContext _context;

    /// <summary>Creates the facade over a client.</summary>
    public VercelFacade(VercelClient api, ProviderContext context)
    {
        Api = api;
        _context = context;
    }

    /// <summary>Builds the facade for the run's environment (see <see cref="VercelOptions.FromContext"/>).</summary>
    /// <exception cref="Runbooks.Core.Errors.EnvironmentUnavailableException">In a drill that has no Vercel simulator (exit 3).</exception>
    public static VercelFacade FromContext(ProviderContext context)
    {
        context.Endpoints.EnsurePresent("Vercel");
        return new(new VercelClient(VercelOptions.FromContext(context), context), context);
    }

    /// <summary>The API, one method per operation.</summary>
    public VercelClient Api { get; }

    /// <summary>A project by id or name.</summary>
    public Task<VercelProject> Project(string project, CancellationToken cancellation = default) => Api.GetProject(project, false, cancellation);

    /// <summary><c>vercel ls --prod</c>: the project's ready production deployments, newest first.</summary>
    public async Task<IReadOnlyList<VercelDeployment>> Deployments(string project, CancellationToken cancellation = default)
    {
        var p = await Api.GetProject(project, false, cancellation).ConfigureAwait(false);
        return (await Api.ListDeployments(p.Id, cancellation: cancellation).ConfigureAwait(false)).Deployments;
    }

    /// <summary>
    /// <c>vercel rollback</c>: points production at <paramref name="deploymentId"/> (default: the newest ready production
    /// deployment older than the one serving) and waits until the alias job succeeds. A failed job (the aliases it could not
    /// move are named) or one still running at <paramref name="timeout"/> fails with one sentence.
    /// </summary>
    public async Task<VercelAliasResult> Rollback(string project, string? deploymentId = null, TimeSpan? timeout = null,
        CancellationToken cancellation = default)
    {
        var p = await Api.GetProject(project, false, cancellation).ConfigureAwait(false);
        var current = p.ProductionDeploymentId;
        var target = deploymentId ?? await PreviousProduction(p, current, cancellation).ConfigureAwait(false);
        _context.Log.Log($"Vercel project {p.Name}: production serves {current ?? "nothing"}; rolling back to {target}.");
        await Api.RequestRollback(p.Id, target, cancellation: cancellation).ConfigureAwait(false);
        return await WaitForAliasJob(p, "rollback", current, target, timeout, cancellation).ConfigureAwait(false);
    }

    /// <summary><c>vercel promote</c>: makes <paramref name="deploymentId"/> production again (the undo of a rollback) and waits for it.</summary>
    public async Task<VercelAliasResult> Promote(string project, string deploymentId, TimeSpan? timeout = null, CancellationToken cancellation = default)
    {
        var p = await Api.GetProject(project, false, cancellation).ConfigureAwait(false);
        var started = await Api.RequestPromote(p.Id, deploymentId, cancellation).ConfigureAwait(false);
        if (!started)
            throw new RunbookException($"Vercel queued the promotion of {deploymentId} on project {p.Name} behind a rolling release; " +
                "it will happen when that release finishes.", ExitCodes.Failed);
        return await WaitForAliasJob(p, "promote", p.ProductionDeploymentId, deploymentId, timeout, cancellation).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>vercel env set KEY VALUE</c> (create or overwrite, production by default). Like every env change on Vercel it
    /// applies to new deployments only: redeploy or promote for running code to see it.
    /// </summary>
    public async Task<VercelEnvVar> SetEnv(string project, string key, string value, string target = "production", string? comment = null,
        CancellationToken cancellation = default)
    {
        var created = await Api.CreateEnv(project, new EnvVarInput { Key = key, Value = value, Target = [target], Comment = comment },
            upsert: true, cancellation).ConfigureAwait(false);
        _context.Log.Log($"Vercel project {project}: {key} set for {target}.");
        return created;
    }

    /// <summary>The project's environment variables.</summary>
    public Task<IReadOnlyList<VercelEnvVar>> Env(string project, CancellationToken cancellation = default) => Api.ListEnv(project, cancellation);

    /// <summary>Removes every environment variable named <paramref name="key"/> (all targets); returns how many were removed.</summary>
    public async Task<int> RemoveEnv(string project, string key, CancellationToken cancellation = default)
    {
        var matching = (await Api.ListEnv(project, cancellation).ConfigureAwait(false)).Where(e => e.Key == key).ToList();
        foreach (var e in matching) await Api.DeleteEnv(project, e.Id, cancellation).ConfigureAwait(false);
        _context.Log.Log($"Vercel project {project}: {key} removed ({matching.Count} entries).");
        return matching.Count;
    }

    /// <summary>
    /// Redeploys what production serves and waits until the new build is READY: an env change (a kill switch) reaches
    /// only new deployments, so this is what makes it take effect. The deadline is real-world, waited on the run's clock.
    /// </summary>
    public async Task<VercelDeploymentDetail> RedeployProduction(string project, TimeSpan? timeout = null, CancellationToken cancellation = default)
    {
        var p = await Api.GetProject(project, false, cancellation).ConfigureAwait(false);
        var source = p.ProductionDeploymentId
            ?? throw new RunbookException($"Vercel project {p.Name} has no production deployment to redeploy.", ExitCodes.Failed);
        var created = await Api.Redeploy(p.Name, source, "production", cancellation).ConfigureAwait(false);
        _context.Log.Log($"Vercel project {p.Name}: redeploying {source} as {created.Id} with today's env.");
        var limit = timeout ?? TimeSpan.FromMinutes(10);
        var deadline = _context.Clock.Deadline(limit);
        var started = _context.Time.GetTimestamp();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _context.Cancellation);
        var polls = 0;
        while (true)
        {
            var state = await Api.GetDeployment(created.Id, linked.Token).ConfigureAwait(false);
            polls++;
            var elapsed = _context.Time.GetElapsedTime(started);
            if (state.ReadyState == "READY")
            {
                _context.Log.Log($"Vercel project {p.Name}: {created.Id} is READY after {elapsed.TotalSeconds:0.0} s ({polls} polls).");
                return state;
            }
            if (state.ReadyState is "ERROR" or "CANCELED")
                throw new ProviderException($"Vercel's redeploy of project {p.Name} ended {state.ReadyState} ({created.Id}): production still serves {source}.", "Vercel", null, null);
            if (elapsed + Api.Options.PollInterval > deadline)
                throw new ProviderException($"Vercel's redeploy of project {p.Name} ({created.Id}) was still {state.ReadyState} after {limit.TotalSeconds:0.#} s ({polls} polls).",
                    "Vercel", null, null);
            await Task.Delay(Api.Options.PollInterval, _context.Time, linked.Token).ConfigureAwait(false);
        }
    }

    private async Task<string> PreviousProduction(VercelProject project, string? current, CancellationToken cancellation)
    {
        var list = await Api.ListDeployments(project.Id, cancellation: cancellation).ConfigureAwait(false);
        var ordered = list.Deployments.OrderByDescending(d => d.Created).ToList();
        var index = ordered.FindIndex(d => d.Uid == current);
        return ordered.Skip(index + 1).FirstOrDefault(d => d.Uid != current && d.IsRollbackCandidate != false)?.Uid
            ?? throw new RunbookException($"Vercel project {project.Name} has no earlier ready production deployment to roll back to.", ExitCodes.Failed);
    }

    private async Task<VercelAliasResult> WaitForAliasJob(VercelProject project, string type, string? from, string to, TimeSpan? timeout,
        CancellationToken cancellation)
    {
        // A deadline that decides the outcome: real-world, waited on the run's clock (the drill's scale in a drill).
        var limit = timeout ?? Api.Options.AliasTimeout;
        var deadline = _context.Clock.Deadline(limit);
        var started = _context.Time.GetTimestamp();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _context.Cancellation);
        var polls = 0;
        string? status = null;
        while (true)
        {
            var state = await Api.GetProject(project.Id, rollbackInfo: true, linked.Token).ConfigureAwait(false);
            polls++;
            var job = state.LastAliasRequest;
            status = job is not null && job.ToDeploymentId == to ? job.JobStatus : "pending";
            var elapsed = _context.Time.GetElapsedTime(started);
            if (status is "succeeded")
            {
                _context.Log.Log($"Vercel project {project.Name}: {type} to {to} succeeded after {elapsed.TotalSeconds:0.0} s ({polls} polls).");
                return new VercelAliasResult(project.Name, type, from, to, elapsed, polls);
            }
            if (status is "failed")
            {
                var failed = type == "rollback"
                    ? (await Api.ListFailedAliases(project.Id, linked.Token).ConfigureAwait(false)).Aliases
                        .Select(a => a.Alias?.Alias).Where(a => a is not null).ToList()
                    : [];
                throw new ProviderException($"Vercel failed to {type} project {project.Name} to deployment {to}" +
                    (failed.Count > 0 ? $": these domains still point elsewhere: {string.Join(", ", failed)}." : "."), "Vercel", null, null);
            }
            if (elapsed + Api.Options.PollInterval > deadline)
                throw new ProviderException($"Vercel's {type} of project {project.Name} to deployment {to} was still {status} after " +
                    $"{limit.TotalSeconds:0.#} s ({polls} polls).", "Vercel", null, null);
            await Task.Delay(Api.Options.PollInterval, _context.Time, linked.Token).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose() => Api.Dispose();
}
