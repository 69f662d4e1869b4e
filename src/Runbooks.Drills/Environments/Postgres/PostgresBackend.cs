namespace Runbooks.Drills.Environments.Postgres;

/// <summary>Which PostgreSQL a drill batch runs against (<c>postgres.backend</c> in <c>.config/drills.json</c>, <c>drill run --postgres</c>).</summary>
public enum PostgresBackend
{
    /// <summary>The server binaries on this machine, in a temp directory (<see cref="EmbeddedPostgres"/>): no set-up, no Docker.</summary>
    Embedded,

    /// <summary>A Docker container of the configured image (<see cref="ContainerPostgres"/>): the production major version.</summary>
    Testcontainers,

    /// <summary>Testcontainers when Docker answers and has the image, embedded otherwise; the drill says which it took.</summary>
    Auto,
}
