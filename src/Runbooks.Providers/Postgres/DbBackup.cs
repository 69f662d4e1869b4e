namespace Runbooks.Providers.Postgres;

/// <summary>A backup <see cref="DbClient.Backup(string?, CancellationToken)"/> wrote.</summary>
/// <param name="File">The <c>pg_dump</c> file (<c>.dump</c> custom format, or <c>.sql</c> plain).</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Snapshot">The tables' counts and checksums in the very snapshot the dump was taken from.</param>
/// <param name="ElapsedMs">How long it took.</param>
public sealed record DbBackup(string File, long Bytes, DbSnapshot Snapshot, long ElapsedMs)
{
    /// <summary>The file that holds <see cref="Snapshot"/> beside a backup.</summary>
    public static string SnapshotFileOf(string backupFile) => backupFile + ".snapshot.json";
}

/// <summary>What <see cref="DbClient.Restore"/> did.</summary>
/// <param name="File">The backup restored.</param>
/// <param name="Snapshot">The database's content after the restore.</param>
/// <param name="Verified">Whether the content was compared with the backup's snapshot (and matched: a mismatch throws).</param>
/// <param name="ElapsedMs">How long it took.</param>
/// <param name="Format">The backup's format, as read from the file.</param>
/// <param name="Expected">What the backup holds, when it is known: the snapshot saved beside it or, for a plain file
/// without one, the snapshot of the file loaded into a scratch database.</param>
/// <param name="Proof">How <paramref name="Expected"/> is known, in words for a log line; empty when it is not.</param>
public sealed record DbRestore(string File, DbSnapshot Snapshot, bool Verified, long ElapsedMs,
    DbBackupFormat Format = DbBackupFormat.Custom, DbSnapshot? Expected = null, string Proof = "");
