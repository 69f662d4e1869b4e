using Npgsql;
using Runbooks.Core.Errors;

namespace Runbooks.Providers.Postgres;

/// <summary>How a <see cref="DbClient"/> connects and where it keeps migrations and backups. Validated when the client is built.</summary>
public sealed record DbClientOptions
{
    /// <summary>Where migration files are looked for when nothing else says (relative to the current directory).</summary>
    public static readonly IReadOnlyList<string> ConventionalMigrationDirectories = ["db/migrations", "drills/db/migrations"];

    /// <summary>The connection: a <c>postgres://</c> URL or an Npgsql keyword string. Holds the password; never logged.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>Where the numbered <c>NNNN_name.up.sql</c>/<c>.down.sql</c> files are; null for the conventional folders.</summary>
    public string? MigrationsDirectory { get; init; }

    /// <summary>Where <see cref="DbClient.Backup(string?, CancellationToken)"/> writes when not told (default <c>.runbooks/backups</c>).</summary>
    public string BackupDirectory { get; init; } = Path.Combine(".runbooks", "backups");

    /// <summary>Limit for one statement; migrations and checksums of big tables need minutes, not the 30 s default.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Limit for opening a connection; a database that does not answer within it is unavailable (exit 3).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where the connection string came from (a secret's name), for error messages.</summary>
    public string Source { get; init; } = "DATABASE_URL";

    internal NpgsqlConnectionStringBuilder Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString)) throw new BadInputException($"{Source} is empty.");
        if (CommandTimeout <= TimeSpan.Zero) throw new BadInputException("DbClientOptions.CommandTimeout must be positive.");
        if (ConnectTimeout <= TimeSpan.Zero) throw new BadInputException("DbClientOptions.ConnectTimeout must be positive.");
        if (string.IsNullOrWhiteSpace(BackupDirectory)) throw new BadInputException("DbClientOptions.BackupDirectory is empty.");
        var settings = DatabaseUrl.Parse(ConnectionString, Source);
        if (string.IsNullOrEmpty(settings.Host)) throw new BadInputException($"{Source} names no host.");
        settings.CommandTimeout = (int)Math.Min(int.MaxValue, CommandTimeout.TotalSeconds);
        settings.Timeout = (int)Math.Max(1, ConnectTimeout.TotalSeconds);
        settings.ApplicationName ??= "runbooks";
        return settings;
    }
}
