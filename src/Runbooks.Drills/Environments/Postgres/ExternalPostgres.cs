using System.Collections.Concurrent;
using Npgsql;
using Runbooks.Providers.Postgres;

namespace Runbooks.Drills.Environments.Postgres;

/// <summary>
/// A server someone else runs (staging), reached with a connection string whose user may create databases. It starts
/// and stops nothing; on dispose it drops the databases it created, so a drill leaves staging as it found it.
/// </summary>
public sealed class ExternalPostgres : IPostgresEnvironment
{
    private readonly NpgsqlConnectionStringBuilder _settings;
    private readonly ConcurrentDictionary<string, byte> _created = new(StringComparer.Ordinal);
    private int _disposed;

    /// <summary>Uses the server <paramref name="connectionString"/> (URL or keyword form) points at.</summary>
    public ExternalPostgres(string connectionString)
    {
        _settings = DatabaseUrl.Parse(connectionString, "the external PostgreSQL connection string");
        Endpoint = $"{_settings.Host}:{_settings.Port}";
        AdminConnectionString = _settings.ConnectionString;
    }

    /// <inheritdoc />
    public string Endpoint { get; }

    /// <inheritdoc />
    public string AdminConnectionString { get; }

    /// <inheritdoc />
    public string ConnectionStringFor(string database)
        => new NpgsqlConnectionStringBuilder(_settings.ConnectionString) { Database = database }.ConnectionString;

    /// <inheritdoc />
    public async Task<string> CreateDatabaseAsync(string name, string? template = null, CancellationToken cancellation = default)
    {
        await PostgresDatabases.CreateAsync(AdminConnectionString, name, template, cancellation).ConfigureAwait(false);
        _created[name] = 0;
        return ConnectionStringFor(name);
    }

    /// <inheritdoc />
    public async Task DropDatabaseAsync(string name, CancellationToken cancellation = default)
    {
        await PostgresDatabases.DropAsync(AdminConnectionString, name, cancellation).ConfigureAwait(false);
        _created.TryRemove(name, out _);
    }

    /// <summary>Drops the databases this instance created. A second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        foreach (var name in _created.Keys)
            await PostgresDatabases.DropAsync(AdminConnectionString, name, CancellationToken.None).ConfigureAwait(false);
    }
}
