namespace Runbooks.Drills.Environments.Postgres;

/// <summary>The one entry point that starts the PostgreSQL a drill batch asked for (<see cref="PostgresSettings"/>).</summary>
public static class PostgresEnvironments
{
    /// <summary>How long <c>auto</c> waits for Docker to answer before it takes the embedded server.</summary>
    public static readonly TimeSpan AutoProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Starts the backend <paramref name="settings"/> names; <c>auto</c> first decides (<see cref="ChooseAsync"/>) and logs
    /// its choice in one line. Failures are <see cref="Core.Errors.EnvironmentUnavailableException"/>s with the fix.
    /// </summary>
    /// <param name="settings">The backend and image.</param>
    /// <param name="durable">Keep PostgreSQL's durability settings (RPO drills).</param>
    /// <param name="archiveWal">Archive the WAL into a folder of this machine, for a point-in-time repair.</param>
    /// <param name="log">Where the choice of <c>auto</c> is said.</param>
    /// <param name="cancellation">Stops the start.</param>
    public static async Task<IPostgresEnvironment> StartAsync(PostgresSettings settings, bool durable, bool archiveWal, Action<string> log,
        CancellationToken cancellation = default)
    {
        var backend = settings.Backend;
        if (backend == PostgresBackend.Auto)
        {
            var (chosen, line) = await ChooseAsync(settings.Image, cancellation).ConfigureAwait(false);
            log(line);
            backend = chosen;
        }
        return backend == PostgresBackend.Testcontainers
            ? await ContainerPostgres.StartAsync(new ContainerPostgresOptions { Image = settings.Image, Durable = durable, ArchiveWal = archiveWal }, cancellation).ConfigureAwait(false)
            : await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { Durable = durable, ArchiveWal = archiveWal }, cancellation).ConfigureAwait(false);
    }

    /// <summary>
    /// What <c>auto</c> takes: Testcontainers when the Docker daemon (<c>DOCKER_HOST</c>, else the default socket) answers
    /// and has <paramref name="image"/>, the embedded server otherwise; and the line that says which and why.
    /// </summary>
    public static async Task<(PostgresBackend Backend, string Line)> ChooseAsync(string image, CancellationToken cancellation = default)
    {
        var why = await ContainerPostgres.UnavailableAsync(image, AutoProbeTimeout, cancellation).ConfigureAwait(false);
        return why is null
            ? (PostgresBackend.Testcontainers, $"PostgreSQL backend auto: testcontainers ({image}), Docker answers.")
            : (PostgresBackend.Embedded, $"PostgreSQL backend auto: embedded; {why}");
    }
}
