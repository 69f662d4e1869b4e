namespace Runbooks.Providers.Postgres;

/// <summary>Which side wins where a copy and the live table both hold a row (same primary key) with different content.</summary>
public enum DbRepairRule
{
    /// <summary>The live row stays; only rows missing by key come back. For the damaged table, repaired from a copy of the past.</summary>
    MissingRowsOnly,

    /// <summary>
    /// The copy's row wins, missing rows come back too: for tables the incident did not touch, put back from the state
    /// saved just before an in-place restore, where the copy holds the users' latest writes.
    /// </summary>
    CopyWins,
}
