namespace Runbooks.Providers.Postgres;

/// <summary>The two kinds of file <c>pg_dump</c> writes that <see cref="DbClient.Restore"/> takes.</summary>
public enum DbBackupFormat
{
    /// <summary><c>pg_dump -Fc</c> (the file starts with <c>PGDMP</c>): restored with <c>pg_restore</c>.</summary>
    Custom,

    /// <summary><c>pg_dump &gt; file.sql</c>, a script of SQL (seed 004): restored with <c>psql</c>.</summary>
    Plain,
}
