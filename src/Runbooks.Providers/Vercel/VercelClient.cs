using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Runbooks.Providers.Http;

namespace Runbooks.Providers.Vercel;

/// <summary>
/// The Vercel REST API, one method per operation of provider-apis.md (V-1..V-10), at the versioned paths the CLI uses.
/// <c>teamId</c> is added to every call when the options name a team. Procedures built from these (rollback with polling,
/// kill switches) live in <see cref="VercelFacade"/>.
/// </summary>
public sealed class VercelClient : IDisposable
{
    private static readonly ProviderIdentity Identity = new("Vercel", VercelOptions.TokenVariable);
    private readonly ProviderHttpClient _http;

    /// <summary>Creates a client; the token is read from <see cref="VercelOptions.TokenVariable"/> at the first call.</summary>
    public VercelClient(VercelOptions options, ProviderContext context, HttpMessageHandler? handler = null)
    {
        Options = options.Validate();
        _http = new ProviderHttpClient(Identity, options.BaseUrl, () => context.Secrets.Get(VercelOptions.TokenVariable),
            options.Http, context, VercelJson.ReadError, handler);
    }

    /// <summary>The options in force.</summary>
    public VercelOptions Options { get; }

    /// <summary>V-1: a project's deployments in one target and state, newest first (one page of <paramref name="limit"/>).</summary>
    public Task<VercelDeploymentList> ListDeployments(string projectId, string target = "production", string state = "READY",
        int limit = 20, long? until = null, CancellationToken cancellation = default)
        => Get<VercelDeploymentList>(Query("/v6/deployments", ("projectId", projectId), ("target", target), ("state", state),
            ("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("until", until?.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            $"listing {target} deployments of project {projectId}", cancellation);

    /// <summary>V-2: one deployment by id or URL.</summary>
    public Task<VercelDeploymentDetail> GetDeployment(string idOrUrl, CancellationToken cancellation = default)
        => Get<VercelDeploymentDetail>(Query($"/v13/deployments/{Segment(idOrUrl)}"), $"reading deployment {idOrUrl}", cancellation);

    /// <summary>V-3: a project; with <paramref name="rollbackInfo"/>, the state of its last rollback or promote.</summary>
    public Task<VercelProject> GetProject(string idOrName, bool rollbackInfo = false, CancellationToken cancellation = default)
        => Get<VercelProject>(Query($"/v9/projects/{Segment(idOrName)}", ("rollbackInfo", rollbackInfo ? "true" : null)),
            $"reading project {idOrName}", cancellation);

    /// <summary>V-4: asks Vercel to point production back at <paramref name="deploymentId"/> (answers 201 at once; the alias job runs after).</summary>
    public async Task RequestRollback(string projectId, string deploymentId, string? description = null, CancellationToken cancellation = default)
        => await _http.SendAsync(new ProviderRequest(HttpMethod.Post,
                Query($"/v9/projects/{Segment(projectId)}/rollback/{Segment(deploymentId)}", ("description", description)), EmptyObject)
            { ReadBack = ct => AliasRequestedFor(projectId, deploymentId, HttpStatusCode.Created, ct) },
            $"rolling back project {projectId} to deployment {deploymentId}", cancellation).ConfigureAwait(false);

    /// <summary>V-5: promotes <paramref name="deploymentId"/> to production. Returns false when Vercel queued it (202) behind a rolling release.</summary>
    public async Task<bool> RequestPromote(string projectId, string deploymentId, CancellationToken cancellation = default)
    {
        var response = await _http.SendAsync(new ProviderRequest(HttpMethod.Post,
                Query($"/v10/projects/{Segment(projectId)}/promote/{Segment(deploymentId)}"), EmptyObject)
            { ReadBack = ct => AliasRequestedFor(projectId, deploymentId, HttpStatusCode.Created, ct) },
            $"promoting deployment {deploymentId} of project {projectId}", cancellation).ConfigureAwait(false);
        return response.Status != HttpStatusCode.Accepted;
    }

    // After a timeout or a 5xx the alias job may have started: production already on the target, or an alias request
    // towards it, means it did.
    private async Task<ProviderResponse?> AliasRequestedFor(string projectId, string deploymentId, HttpStatusCode status, CancellationToken cancellation)
    {
        var project = await GetProject(projectId, rollbackInfo: true, cancellation).ConfigureAwait(false);
        var applied = project.ProductionDeploymentId == deploymentId || project.LastAliasRequest?.ToDeploymentId == deploymentId;
        return applied ? new ProviderResponse(status, "{}") : null;
    }

    /// <summary>
    /// V-11 (<c>vercel redeploy</c>): a new build of <paramref name="deploymentId"/> with the project's env as it is now,
    /// for <paramref name="target"/>. Not sent again on a 5xx or timeout: a second build is not what anyone asked for.
    /// </summary>
    public async Task<VercelDeploymentDetail> Redeploy(string projectName, string deploymentId, string target = "production", CancellationToken cancellation = default)
    {
        var operation = $"redeploying deployment {deploymentId} of project {projectName}";
        var body = new { deploymentId, name = projectName, target, meta = new Dictionary<string, string> { ["action"] = "redeploy" } };
        return VercelJson.Read<VercelDeploymentDetail>(await Send(HttpMethod.Post, Query("/v13/deployments", ("forceNew", "1")),
            () => JsonContent.Create(body, options: VercelJson.Options), operation, cancellation).ConfigureAwait(false), operation);
    }

    /// <summary>V-6: the aliases the last rollback failed to move.</summary>
    public Task<VercelAliasStatusList> ListFailedAliases(string projectId, CancellationToken cancellation = default)
        => Get<VercelAliasStatusList>(Query($"/v9/projects/{Segment(projectId)}/rollback/aliases", ("failedOnly", "true"), ("limit", "20")),
            $"listing failed aliases of project {projectId}", cancellation);

    /// <summary>V-7: the project's environment variables.</summary>
    public Task<IReadOnlyList<VercelEnvVar>> ListEnv(string project, CancellationToken cancellation = default) => ListEnv(project, decrypt: false, cancellation);

    /// <summary>V-7: the project's environment variables; with <paramref name="decrypt"/> their values readable (never a sensitive one's).</summary>
    public async Task<IReadOnlyList<VercelEnvVar>> ListEnv(string project, bool decrypt, CancellationToken cancellation = default)
        => (await Get<VercelEnvVarList>(Query($"/v10/projects/{Segment(project)}/env", ("decrypt", decrypt ? "true" : null)),
            $"listing environment variables of project {project}", cancellation).ConfigureAwait(false)).Envs;

    /// <summary>V-8: creates an environment variable; with <paramref name="upsert"/> an existing key and target is overwritten.</summary>
    public async Task<VercelEnvVar> CreateEnv(string project, EnvVarInput variable, bool upsert = true, CancellationToken cancellation = default)
    {
        var operation = $"setting {variable.Key} on project {project}";
        var response = await Send(HttpMethod.Post, Query($"/v10/projects/{Segment(project)}/env", ("upsert", upsert ? "true" : null)),
            () => JsonContent.Create(variable, options: VercelJson.Options), operation, cancellation).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(response.Body);
        var created = doc.RootElement.GetProperty("created");
        if (created.ValueKind == JsonValueKind.Array) created = created[0];
        return created.Deserialize<VercelEnvVar>(VercelJson.Options)!;
    }

    /// <summary>V-9: changes an environment variable.</summary>
    public async Task<VercelEnvVar> UpdateEnv(string project, string envId, EnvVarPatch patch, CancellationToken cancellation = default)
        => VercelJson.Read<VercelEnvVar>(await Send(HttpMethod.Patch, Query($"/v9/projects/{Segment(project)}/env/{Segment(envId)}"),
            () => JsonContent.Create(patch, options: VercelJson.Options), $"updating environment variable {envId} of project {project}",
            cancellation).ConfigureAwait(false), "updating an environment variable");

    /// <summary>V-10: deletes an environment variable.</summary>
    public async Task DeleteEnv(string project, string envId, CancellationToken cancellation = default)
        => await Send(HttpMethod.Delete, Query($"/v9/projects/{Segment(project)}/env/{Segment(envId)}"), null,
            $"deleting environment variable {envId} of project {project}", cancellation).ConfigureAwait(false);

    // The CLI comments that rollback and promote require a body, even an empty one.
    private static HttpContent EmptyObject() => new StringContent("{}", System.Text.Encoding.UTF8, "application/json");

    private string Query(string path, params (string Name, string? Value)[] query)
    {
        var pairs = query.Where(q => q.Value is not null).Select(q => $"{q.Name}={Uri.EscapeDataString(q.Value!)}").ToList();
        if (Options.TeamId is { } team && team.StartsWith("team_", StringComparison.Ordinal)) pairs.Add($"teamId={Uri.EscapeDataString(team)}");
        return pairs.Count == 0 ? path : $"{path}?{string.Join('&', pairs)}";
    }

    private static string Segment(string value) => Uri.EscapeDataString(value);

    private async Task<T> Get<T>(string path, string operation, CancellationToken cancellation)
        => VercelJson.Read<T>(await Send(HttpMethod.Get, path, null, operation, cancellation).ConfigureAwait(false), operation);

    private Task<ProviderResponse> Send(HttpMethod method, string path, Func<HttpContent>? body, string operation, CancellationToken cancellation)
        => _http.SendAsync(new ProviderRequest(method, path, body), operation, cancellation);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
