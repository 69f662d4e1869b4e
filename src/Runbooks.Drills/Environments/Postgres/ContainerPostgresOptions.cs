using Runbooks.Core.Errors;

namespace Runbooks.Drills.Environments.Postgres;

/// <summary>How a <see cref="ContainerPostgres"/> is started. Validated by <see cref="ContainerPostgres.StartAsync"/>.</summary>
public sealed record ContainerPostgresOptions
{
    /// <summary>The defaults: <see cref="PostgresSettings.DefaultImage"/>, fast, non-durable.</summary>
    public static readonly ContainerPostgresOptions Default = new();

    /// <summary>The image to run; it must already be on the Docker host (nothing is pulled: <c>scripts/prerequisites.sh --docker</c> makes it).</summary>
    public string Image { get; init; } = PostgresSettings.DefaultImage;

    /// <summary>
    /// Keep PostgreSQL's durability settings (fsync, synchronous commit, full page writes), which the Testcontainers module
    /// turns off by default. RPO drills need it, as with <see cref="EmbeddedPostgresOptions.Durable"/>.
    /// </summary>
    public bool Durable { get; init; }

    /// <summary>
    /// Archive every finished WAL segment into a folder of this machine (bind-mounted into the container), as with
    /// <see cref="EmbeddedPostgresOptions.ArchiveWal"/>, for a point-in-time repair replayed here. That replay needs this
    /// machine's PostgreSQL binaries of the image's major version.
    /// </summary>
    public bool ArchiveWal { get; init; }

    /// <summary>How long to wait for the container's server to accept connections.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long Docker has to answer the first question before it counts as absent.</summary>
    public TimeSpan DockerTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>More server settings (<c>-c name=value</c>), e.g. <c>max_connections</c>.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    internal void Validate()
    {
        PostgresSettings.Create(PostgresBackend.Testcontainers, Image, "ContainerPostgresOptions.Image");
        if (StartTimeout <= TimeSpan.Zero) throw new BadInputException("ContainerPostgresOptions.StartTimeout must be positive.");
        if (DockerTimeout <= TimeSpan.Zero) throw new BadInputException("ContainerPostgresOptions.DockerTimeout must be positive.");
    }
}
