using System.Text.Json.Serialization;

namespace Runbooks.Providers.Cloudflare;

/// <summary>CF-10: the state of the API token.</summary>
public sealed record TokenStatus
{
    /// <summary>The token's id (not its value).</summary>
    public string Id { get; init; } = "";

    /// <summary><c>active</c>, <c>disabled</c> or <c>expired</c>.</summary>
    public string Status { get; init; } = "";

    /// <summary>When it expires, if it does.</summary>
    public DateTimeOffset? ExpiresOn { get; init; }
}

/// <summary>A version and its share of a deployment's traffic.</summary>
/// <param name="VersionId">The version (a UUID).</param>
/// <param name="Percentage">Share of traffic, 0-100.</param>
public sealed record DeploymentVersion(string VersionId, double Percentage);

/// <summary>CF-1/CF-4: a Worker deployment. The newest one serves traffic.</summary>
public sealed record WorkerDeployment
{
    /// <summary>The deployment id (a UUID).</summary>
    public string Id { get; init; } = "";

    /// <summary>Who made it: <c>wrangler</c>, <c>api</c>, <c>dash</c>...</summary>
    public string? Source { get; init; }

    /// <summary>Always <c>percentage</c>.</summary>
    public string? Strategy { get; init; }

    /// <summary>Who deployed.</summary>
    public string? AuthorEmail { get; init; }

    /// <summary>When.</summary>
    public DateTimeOffset CreatedOn { get; init; }

    /// <summary><c>workers/message</c>, <c>workers/triggered_by</c>.</summary>
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>The versions it serves and their shares.</summary>
    public IReadOnlyList<DeploymentVersion> Versions { get; init; } = [];

    /// <summary>The version serving all traffic, or null for a split deployment.</summary>
    [JsonIgnore]
    public string? SingleVersionId => Versions.Count == 1 && Versions[0].Percentage >= 100 ? Versions[0].VersionId : null;

    /// <summary>The deployment's message annotation, if any.</summary>
    [JsonIgnore]
    public string? Message => Annotations is not null && Annotations.TryGetValue("workers/message", out var m) ? m : null;
}

/// <summary>CF-1 result.</summary>
public sealed record WorkerDeploymentList
{
    /// <summary>Newest first.</summary>
    public IReadOnlyList<WorkerDeployment> Deployments { get; init; } = [];
}

/// <summary>CF-2/CF-3: an uploaded version of a Worker.</summary>
public sealed record WorkerVersion
{
    /// <summary>The version id (a UUID).</summary>
    public string Id { get; init; } = "";

    /// <summary>Sequential number.</summary>
    public int Number { get; init; }

    /// <summary>Author, time, source.</summary>
    public WorkerVersionMetadata? Metadata { get; init; }

    /// <summary><c>workers/message</c>, <c>workers/tag</c>, <c>workers/triggered_by</c>.</summary>
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>CF-3 only: its bindings.</summary>
    public WorkerBindings? Resources { get; init; }
}

/// <summary>Version metadata.</summary>
public sealed record WorkerVersionMetadata
{
    /// <summary>Who uploaded it.</summary>
    public string? AuthorEmail { get; init; }

    /// <summary>When.</summary>
    public DateTimeOffset? CreatedOn { get; init; }

    /// <summary><c>wrangler</c>, <c>api</c>...</summary>
    public string? Source { get; init; }
}

/// <summary>CF-2 result.</summary>
public sealed record WorkerVersionList
{
    /// <summary>The versions.</summary>
    public IReadOnlyList<WorkerVersion> Items { get; init; } = [];
}

/// <summary>CF-5a result: the uploaded (and deployed) script.</summary>
public sealed record WorkerScript
{
    /// <summary>The script name.</summary>
    public string Id { get; init; } = "";

    /// <summary>Content hash.</summary>
    public string? Etag { get; init; }

    /// <summary>The deployment that now serves it.</summary>
    public string? DeploymentId { get; init; }

    /// <summary>Startup time of the new script.</summary>
    public int? StartupTimeMs { get; init; }
}

/// <summary>CF-6b: a secret's name and type (values are never returned).</summary>
/// <param name="Name">The name.</param>
/// <param name="Type"><c>secret_text</c> or <c>secret_key</c>.</param>
public sealed record WorkerSecret(string Name, string Type);

/// <summary>CF-7/CF-8: a Pages deployment.</summary>
public sealed record PagesDeployment
{
    /// <summary>The deployment id.</summary>
    public string Id { get; init; } = "";

    /// <summary>Short id shown in the dashboard.</summary>
    public string? ShortId { get; init; }

    /// <summary>The project.</summary>
    public string? ProjectName { get; init; }

    /// <summary><c>production</c> or <c>preview</c>.</summary>
    public string? Environment { get; init; }

    /// <summary>The deployment's own URL.</summary>
    public string? Url { get; init; }

    /// <summary>When.</summary>
    public DateTimeOffset CreatedOn { get; init; }

    /// <summary>The last stage and its status (<c>success</c> for a deployable one).</summary>
    public PagesStage? LatestStage { get; init; }

    /// <summary>What triggered it (branch, commit).</summary>
    public PagesTrigger? DeploymentTrigger { get; init; }

    /// <summary>Whether it finished deploying successfully, which CF-8 requires of a rollback target.</summary>
    [JsonIgnore]
    public bool Succeeded => LatestStage is { Name: "deploy", Status: "success" };
}

/// <summary>A Pages deployment stage.</summary>
public sealed record PagesStage
{
    /// <summary><c>queued</c>, <c>initialize</c>, <c>build</c>, <c>deploy</c>...</summary>
    public string Name { get; init; } = "";

    /// <summary><c>success</c>, <c>failure</c>, <c>active</c>, <c>idle</c>, <c>canceled</c>.</summary>
    public string Status { get; init; } = "";
}

/// <summary>What triggered a Pages deployment.</summary>
public sealed record PagesTrigger
{
    /// <summary><c>github:push</c>, <c>ad_hoc</c>, <c>deploy_hook</c>.</summary>
    public string? Type { get; init; }

    /// <summary>Branch and commit.</summary>
    public PagesTriggerMetadata? Metadata { get; init; }
}

/// <summary>Branch and commit of a Pages deployment.</summary>
public sealed record PagesTriggerMetadata
{
    /// <summary>The branch.</summary>
    public string? Branch { get; init; }

    /// <summary>The commit.</summary>
    public string? CommitHash { get; init; }

    /// <summary>The commit message.</summary>
    public string? CommitMessage { get; init; }
}

/// <summary>CF-8b: a Pages project.</summary>
public sealed record PagesProject
{
    /// <summary>The project id.</summary>
    public string Id { get; init; } = "";

    /// <summary>The project name.</summary>
    public string Name { get; init; } = "";

    /// <summary>The latest deployment (any environment).</summary>
    public PagesDeployment? LatestDeployment { get; init; }

    /// <summary>The deployment serving production, where the API returns it.</summary>
    public PagesDeployment? CanonicalDeployment { get; init; }
}

/// <summary>CF-9 result.</summary>
/// <param name="Id">The purge request id.</param>
public sealed record PurgeResult(string Id);

/// <summary>CF-11: a Hyperdrive config (passwords are never returned).</summary>
public sealed record HyperdriveConfig
{
    /// <summary>The config id.</summary>
    public string Id { get; init; } = "";

    /// <summary>The config name.</summary>
    public string Name { get; init; } = "";

    /// <summary>The database it pools connections to.</summary>
    public HyperdriveOrigin? Origin { get; init; }
}

/// <summary>A Hyperdrive origin database.</summary>
public sealed record HyperdriveOrigin
{
    /// <summary>Host.</summary>
    public string? Host { get; init; }

    /// <summary>Port.</summary>
    public int? Port { get; init; }

    /// <summary>Database name.</summary>
    public string? Database { get; init; }

    /// <summary><c>postgres</c>, <c>postgresql</c>, <c>mysql</c>.</summary>
    public string? Scheme { get; init; }

    /// <summary>User.</summary>
    public string? User { get; init; }
}
