namespace Runbooks.Drills.Environments.Postgres;

/// <summary>
/// A PostgreSQL server that drills and tests get databases from: <see cref="EmbeddedPostgres"/> (a private server in
/// a temp directory), <see cref="ExternalPostgres"/> (staging, given a connection string), or, where Docker and the
/// package exist, a Testcontainers-backed class implementing the same members.
/// </summary>
public interface IPostgresEnvironment : IAsyncDisposable
{
    /// <summary><c>host:port</c> of the server, for logs and reports.</summary>
    string Endpoint { get; }

    /// <summary>An Npgsql connection string to the maintenance database (<c>postgres</c>) as a user that may create databases.</summary>
    string AdminConnectionString { get; }

    /// <summary>Where the server archives its WAL, read by a point-in-time repair on this machine; null when it does not.</summary>
    string? WalArchive => null;

    /// <summary>
    /// Takes a base backup of the whole cluster into a folder of this machine (its first argument), the start of a
    /// point-in-time copy; null when the server is reached like any other, with <c>pg_basebackup</c> over its port.
    /// </summary>
    Func<string, CancellationToken, Task>? BaseBackup => null;

    /// <summary>An Npgsql connection string to <paramref name="database"/> on this server.</summary>
    string ConnectionStringFor(string database);

    /// <summary>
    /// Creates <paramref name="name"/>, as a copy of <paramref name="template"/> when given (fast: a file copy, no SQL
    /// replayed), and returns its connection string. The template must have no open connections.
    /// </summary>
    Task<string> CreateDatabaseAsync(string name, string? template = null, CancellationToken cancellation = default);

    /// <summary>Drops <paramref name="name"/> if it exists, ending its connections first.</summary>
    Task DropDatabaseAsync(string name, CancellationToken cancellation = default);
}
