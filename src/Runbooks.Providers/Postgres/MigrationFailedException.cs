using Runbooks.Core.Errors;

namespace Runbooks.Providers.Postgres;

/// <summary>
/// A migration file failed (exit 1). Its transaction was rolled back, so the database stays at <see cref="Version"/>;
/// the message names the file, the line and the start of the statement.
/// </summary>
public sealed class MigrationFailedException : RunbookException
{
    /// <summary>Creates the error.</summary>
    public MigrationFailedException(string message, string file, int line, string statement, long? version, Exception? inner = null)
        : base(message, ExitCodes.Failed, inner)
    {
        File = file;
        Line = line;
        Statement = statement;
        Version = version;
    }

    /// <summary>The file that failed (its name, e.g. <c>0009_broken.up.sql</c>).</summary>
    public string File { get; }

    /// <summary>The line of the file the failing statement (or the error position in it) is on.</summary>
    public int Line { get; }

    /// <summary>The failing statement.</summary>
    public string Statement { get; }

    /// <summary>The version the database is at after the failure.</summary>
    public long? Version { get; }
}
