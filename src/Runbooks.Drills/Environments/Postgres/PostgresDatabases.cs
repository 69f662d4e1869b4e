using System.Text.RegularExpressions;
using Npgsql;
using Runbooks.Core.Errors;

namespace Runbooks.Drills.Environments.Postgres;

/// <summary>Creating and dropping databases through an admin connection: the part every <see cref="IPostgresEnvironment"/> shares.</summary>
internal static partial class PostgresDatabases
{
    public static async Task CreateAsync(string adminConnectionString, string name, string? template, CancellationToken cancellation)
    {
        var sql = $"CREATE DATABASE {Identifier(name)}" + (template is null ? "" : $" TEMPLATE {Identifier(template)}");
        await ExecuteAsync(adminConnectionString, sql, cancellation).ConfigureAwait(false);
    }

    public static Task DropAsync(string adminConnectionString, string name, CancellationToken cancellation)
        => ExecuteAsync(adminConnectionString, $"DROP DATABASE IF EXISTS {Identifier(name)} WITH (FORCE)", cancellation);

    /// <summary>Makes <paramref name="name"/> a template: no new connections, and the pool's idle ones closed, so it can be cloned.</summary>
    public static async Task FreezeAsTemplateAsync(string adminConnectionString, string name, CancellationToken cancellation)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(adminConnectionString,
            $"ALTER DATABASE {Identifier(name)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false", cancellation).ConfigureAwait(false);
        await ExecuteAsync(adminConnectionString,
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'", cancellation).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(string adminConnectionString, string sql, CancellationToken cancellation)
    {
        // Pooling off: an admin connection left open to "postgres" is harmless, but one to a template blocks every clone.
        var b = new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(b.ConnectionString);
        await connection.OpenAsync(cancellation).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
    }

    /// <summary>Whether <paramref name="name"/> is a plain lower-case SQL name (letters, digits, underscores; at most 63), usable unquoted.</summary>
    public static bool IsPlainName(string name) => SafeName().IsMatch(name);

    /// <summary>A database name as SQL; anything beyond lower-case letters, digits and underscores is refused rather than quoted.</summary>
    public static string Identifier(string name)
        => IsPlainName(name) ? name
            : throw new BadInputException($"Database name '{name}' must be lower-case letters, digits and underscores (at most 63).");

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SafeName();
}
