using Runbooks.Core.Errors;

namespace Runbooks.Drills.Environments.Postgres;

/// <summary>How an <see cref="EmbeddedPostgres"/> is started. Validated by <see cref="EmbeddedPostgres.StartAsync"/>.</summary>
public sealed record EmbeddedPostgresOptions
{
    /// <summary>The defaults: fast, non-durable, in the system temp directory.</summary>
    public static readonly EmbeddedPostgresOptions Default = new();

    /// <summary>
    /// Keep PostgreSQL's durability settings (fsync, synchronous commit, full page writes). RPO drills need it: with
    /// them off, an acknowledged write can be lost in a crash, and the drill would measure the settings, not the runbook.
    /// </summary>
    public bool Durable { get; init; }

    /// <summary>
    /// Archive every finished WAL segment (<c>archive_mode</c>, <c>wal_level=replica</c>) into the server's
    /// <c>wal-archive/</c>, as a self-managed production server does for point-in-time recovery. Implies replication
    /// connections for <c>pg_basebackup</c>.
    /// </summary>
    public bool ArchiveWal { get; init; }

    /// <summary>How long to wait for the server to accept connections.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where the <c>runbooks-pg-*</c> directory is made (default: the system temp directory).</summary>
    public string? TempRoot { get; init; }

    /// <summary>More server settings (<c>-c name=value</c>), e.g. <c>max_connections</c>.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    internal void Validate()
    {
        if (StartTimeout <= TimeSpan.Zero) throw new BadInputException("EmbeddedPostgresOptions.StartTimeout must be positive.");
        if (TempRoot is not null && !Directory.Exists(TempRoot))
            throw new BadInputException($"EmbeddedPostgresOptions.TempRoot {TempRoot} does not exist.");
    }
}
