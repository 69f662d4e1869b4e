namespace Runbooks.Providers.Vercel;

/// <summary>V-1: a deployment as the list returns it (its id is <c>uid</c> here).</summary>
public sealed record VercelDeployment
{
    /// <summary>The deployment id (<c>dpl_...</c>).</summary>
    public string Uid { get; init; } = "";

    /// <summary>The project's name.</summary>
    public string? Name { get; init; }

    /// <summary>The project id.</summary>
    public string? ProjectId { get; init; }

    /// <summary>The deployment's own host name.</summary>
    public string? Url { get; init; }

    /// <summary>Creation time, ms since the epoch.</summary>
    public long Created { get; init; }

    /// <summary><c>READY</c>, <c>ERROR</c>, <c>BUILDING</c>...</summary>
    public string? State { get; init; }

    /// <summary><c>production</c> or <c>preview</c> (null for preview in some answers).</summary>
    public string? Target { get; init; }

    /// <summary>Whether it may be the target of an instant rollback.</summary>
    public bool? IsRollbackCandidate { get; init; }
}

/// <summary>V-1 result.</summary>
public sealed record VercelDeploymentList
{
    /// <summary>Newest first.</summary>
    public IReadOnlyList<VercelDeployment> Deployments { get; init; } = [];

    /// <summary>Where the next page starts.</summary>
    public VercelPagination? Pagination { get; init; }
}

/// <summary>Vercel pagination: send <see cref="Next"/> as <c>until</c> for the next page.</summary>
public sealed record VercelPagination
{
    /// <summary>Items on this page.</summary>
    public int Count { get; init; }

    /// <summary>The next page's <c>until</c>, or null on the last page.</summary>
    public long? Next { get; init; }
}

/// <summary>V-2: one deployment (its id is <c>id</c> here).</summary>
public sealed record VercelDeploymentDetail
{
    /// <summary>The deployment id.</summary>
    public string Id { get; init; } = "";

    /// <summary>Host name.</summary>
    public string? Url { get; init; }

    /// <summary>The project's name.</summary>
    public string? Name { get; init; }

    /// <summary>The project id.</summary>
    public string? ProjectId { get; init; }

    /// <summary><c>production</c> or null.</summary>
    public string? Target { get; init; }

    /// <summary><c>READY</c>...</summary>
    public string? ReadyState { get; init; }
}

/// <summary>V-3: a project, with the state of its last rollback or promote.</summary>
public sealed record VercelProject
{
    /// <summary>The project id (<c>prj_...</c>).</summary>
    public string Id { get; init; } = "";

    /// <summary>The name.</summary>
    public string Name { get; init; } = "";

    /// <summary>The owning account or team.</summary>
    public string? AccountId { get; init; }

    /// <summary>What serves each target; <c>production</c> is the one that matters.</summary>
    public IReadOnlyDictionary<string, VercelTarget>? Targets { get; init; }

    /// <summary>The last rollback or promote, with its job status.</summary>
    public VercelAliasRequest? LastAliasRequest { get; init; }

    /// <summary>The deployment serving production, if known.</summary>
    public string? ProductionDeploymentId => Targets is not null && Targets.TryGetValue("production", out var t) ? t.Id : null;
}

/// <summary>The deployment serving a target.</summary>
public sealed record VercelTarget
{
    /// <summary>The deployment id.</summary>
    public string Id { get; init; } = "";

    /// <summary>Its host name.</summary>
    public string? Url { get; init; }

    /// <summary>Its state.</summary>
    public string? ReadyState { get; init; }
}

/// <summary>A rollback or promote in flight or done (<c>lastAliasRequest</c>).</summary>
public sealed record VercelAliasRequest
{
    /// <summary>The deployment production pointed at before.</summary>
    public string? FromDeploymentId { get; init; }

    /// <summary>The deployment production is being pointed at.</summary>
    public string? ToDeploymentId { get; init; }

    /// <summary><c>pending</c>, <c>in-progress</c>, <c>succeeded</c>, <c>failed</c>, <c>skipped</c>.</summary>
    public string? JobStatus { get; init; }

    /// <summary>When it was asked for, ms since the epoch.</summary>
    public long RequestedAt { get; init; }

    /// <summary><c>rollback</c> or <c>promote</c>.</summary>
    public string? Type { get; init; }
}

/// <summary>V-6: an alias that a rollback did or did not move.</summary>
public sealed record VercelAliasStatus
{
    /// <summary>The alias id.</summary>
    public string? Id { get; init; }

    /// <summary><c>completed</c>, <c>in-progress</c>, <c>pending</c>, <c>failed</c>.</summary>
    public string? Status { get; init; }

    /// <summary>The alias and the deployment it points at.</summary>
    public VercelAlias? Alias { get; init; }
}

/// <summary>An alias (a domain) and its deployment.</summary>
public sealed record VercelAlias
{
    /// <summary>The domain.</summary>
    public string? Alias { get; init; }

    /// <summary>The deployment.</summary>
    public string? DeploymentId { get; init; }
}

/// <summary>V-6 result.</summary>
public sealed record VercelAliasStatusList
{
    /// <summary>The aliases.</summary>
    public IReadOnlyList<VercelAliasStatus> Aliases { get; init; } = [];
}

/// <summary>V-7..V-10: an environment variable.</summary>
public sealed record VercelEnvVar
{
    /// <summary>The id (<c>env_...</c>), used to update or delete it.</summary>
    public string Id { get; init; } = "";

    /// <summary>The name.</summary>
    public string Key { get; init; } = "";

    /// <summary>The value (encrypted unless decrypted; never returned for sensitive ones).</summary>
    public string? Value { get; init; }

    /// <summary><c>plain</c>, <c>encrypted</c>, <c>sensitive</c>, <c>system</c>.</summary>
    public string? Type { get; init; }

    /// <summary>The targets it applies to.</summary>
    public IReadOnlyList<string> Target { get; init; } = [];

    /// <summary>The comment.</summary>
    public string? Comment { get; init; }
}

/// <summary>V-7 result.</summary>
public sealed record VercelEnvVarList
{
    /// <summary>The variables.</summary>
    public IReadOnlyList<VercelEnvVar> Envs { get; init; } = [];
}

/// <summary>The outcome of a rollback or promote, once its alias job finished.</summary>
/// <param name="Project">The project.</param>
/// <param name="Type"><c>rollback</c> or <c>promote</c>.</param>
/// <param name="FromDeploymentId">What served production before.</param>
/// <param name="ToDeploymentId">What serves production now.</param>
/// <param name="TookTime">From the request to the job's success.</param>
/// <param name="Polls">How many times the job status was read.</param>
public sealed record VercelAliasResult(string Project, string Type, string? FromDeploymentId, string ToDeploymentId, TimeSpan TookTime, int Polls);
