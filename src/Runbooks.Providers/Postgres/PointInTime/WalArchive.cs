using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Runbooks.Core.Errors;

namespace Runbooks.Providers.Postgres;

/// <summary>
/// A self-managed server's point-in-time recovery material: a base backup (<c>pg_basebackup</c>, plain format) and the
/// WAL archive its <c>archive_command</c> fills. From them it finds the transaction that corrupted a table
/// (<see cref="FindCorruption"/>, read with <c>pg_waldump</c>) and builds a copy of the cluster as of any moment since
/// the backup (<see cref="RestoreCopy"/>), on this machine, beside the live server, which it never touches.
/// </summary>
public sealed partial class WalArchive
{
    /// <summary>Opens the archive; a folder that is missing, or a base backup without its <c>backup_label</c>, is bad input naming it.</summary>
    public WalArchive(string baseBackupDirectory, string walDirectory)
    {
        BaseBackupDirectory = Path.GetFullPath(baseBackupDirectory);
        WalDirectory = Path.GetFullPath(walDirectory);
        if (!File.Exists(Path.Combine(BaseBackupDirectory, "backup_label")))
            throw new BadInputException($"{BaseBackupDirectory} is not a base backup (pg_basebackup --format=plain): it has no backup_label.");
        if (!Directory.Exists(WalDirectory))
            throw new BadInputException($"WAL archive {WalDirectory} does not exist.");
    }

    /// <summary>The base backup's folder.</summary>
    public string BaseBackupDirectory { get; }

    /// <summary>The WAL archive's folder.</summary>
    public string WalDirectory { get; }

    /// <summary>
    /// Where <see cref="RestoreCopy"/> builds its copies (default: the system's temporary folder). A copy holds the whole
    /// base backup plus the WAL replayed onto it: point this at a disk with room for that, readable by the server's account.
    /// </summary>
    public string CopiesDirectory
    {
        get;
        init => field = Directory.Exists(value) ? Path.GetFullPath(value)
            : throw new BadInputException($"Folder {value} for point-in-time copies does not exist.");
    } = Path.GetTempPath();

    /// <summary>The WAL segment the base backup starts in: replay, and the search for a corruption, begin there.</summary>
    public string StartSegment
    {
        get
        {
            var label = File.ReadAllText(Path.Combine(BaseBackupDirectory, "backup_label"));
            var m = StartSegmentPattern().Match(label);
            return m.Success ? m.Groups[1].Value : throw new BadInputException($"{BaseBackupDirectory}/backup_label names no START WAL LOCATION file.");
        }
    }

    /// <summary>
    /// The committed transaction since the base backup (or since <paramref name="after"/>) that deleted or changed the most
    /// rows of <paramref name="table"/> in <paramref name="live"/>'s database. The live server is asked to close its
    /// current WAL segment first, and the archive is waited for, so a corruption seconds old is found too.
    /// </summary>
    public async Task<CorruptingTransaction> FindCorruption(DbClient live, string table, DateTimeOffset? after = null, CancellationToken cancellation = default)
    {
        var relation = await RelationPathAsync(live, table, cancellation).ConfigureAwait(false);
        await SwitchAndWaitForArchiveAsync(live, cancellation).ConfigureAwait(false);

        var changes = new Dictionary<uint, TransactionChanges>();
        await WalDumpAsync(["--rmgr=Heap", "--relation=" + relation], line =>
        {
            var m = HeapChangePattern().Match(line);
            if (!m.Success) return;
            var xid = uint.Parse(m.Groups["tx"].Value, CultureInfo.InvariantCulture);
            var kind = m.Groups["kind"].Value;
            var blocks = BlockRefPattern().Matches(line).ToDictionary(b => b.Groups[1].Value, b => b.Groups[2].Value);
            // An update's old row version is in block reference 1 when it moved to another page, else in 0.
            var block = kind == "UPDATE" && blocks.TryGetValue("1", out var old) ? old : blocks.GetValueOrDefault("0");
            var offset = OffsetPattern().Match(m.Groups["desc"].Value);
            if (block is null || !offset.Success) return;
            if (!changes.TryGetValue(xid, out var c)) changes[xid] = c = new TransactionChanges(m.Groups["lsn"].Value);
            c.Locations.Add($"({block},{offset.Groups[1].Value})");
            if (kind == "DELETE") c.Deleted++; else c.Changed++;
        }, cancellation).ConfigureAwait(false);

        var commits = new Dictionary<uint, DateTimeOffset>();
        await WalDumpAsync(["--rmgr=Transaction"], line =>
        {
            var m = CommitPattern().Match(line);
            if (m.Success && changes.ContainsKey(uint.Parse(m.Groups["tx"].Value, CultureInfo.InvariantCulture)))
                commits[uint.Parse(m.Groups["tx"].Value, CultureInfo.InvariantCulture)] =
                    DateTimeOffset.Parse(m.Groups["at"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        }, cancellation).ConfigureAwait(false);

        var found = changes
            .Where(c => commits.TryGetValue(c.Key, out var at) && (after is null || at >= after))
            .OrderByDescending(c => c.Value.Deleted + c.Value.Changed).ThenBy(c => commits[c.Key])
            .Select(c => new CorruptingTransaction(table, c.Key, commits[c.Key], c.Value.FirstLsn, c.Value.Deleted, c.Value.Changed)
            {
                RemovedRowLocations = c.Value.Locations,
            })
            .FirstOrDefault();
        return found ?? throw new RunbookException(
            $"No committed transaction in WAL archive {WalDirectory} since {(after is { } a ? $"{a:u}" : "the base backup")} deleted or changed rows of {table}: " +
            "give the moment before the corruption as --param at=TIME|LSN.", ExitCodes.Failed);
    }

    /// <summary>
    /// Builds a copy of the cluster as of <paramref name="target"/>: the base backup replayed from the archive on a
    /// private server on 127.0.0.1, held read-only at the target. <paramref name="live"/> gives the credentials and the
    /// database (the copy is of its cluster, so they hold there too) and the settings a standby must match. The copy is
    /// stopped and deleted when disposed, or when this process ends in any way.
    /// </summary>
    public async Task<PointInTimeCopy> RestoreCopy(DbClient live, PointInTimeTarget target, CancellationToken cancellation = default)
    {
        // The segment being written is not in the archive yet: a moment in it would be out of the copy's reach.
        await SwitchAndWaitForArchiveAsync(live, cancellation).ConfigureAwait(false);
        return await PointInTimeCopy.StartAsync(this, live, target, null, cancellation).ConfigureAwait(false);
    }

    private static async Task<string> RelationPathAsync(DbClient live, string table, CancellationToken cancellation)
    {
        var rows = await live.Query("""
            SELECT CASE WHEN c.reltablespace = 0 THEN d.dattablespace ELSE c.reltablespace END::bigint AS tablespace,
                   d.oid::bigint AS database, pg_relation_filenode(c.oid)::bigint AS filenode
            FROM pg_class c, pg_database d
            WHERE c.oid = to_regclass(@table) AND d.datname = current_database()
            """, new { table }, cancellation).ConfigureAwait(false);
        if (rows.Count == 0) throw new BadInputException($"Table {table} does not exist in database {live.Database}.");
        return $"{rows[0]["tablespace"]}/{rows[0]["database"]}/{rows[0]["filenode"]}";
    }

    private async Task SwitchAndWaitForArchiveAsync(DbClient live, CancellationToken cancellation)
    {
        var segment = await live.Scalar<string>("SELECT pg_walfile_name(pg_switch_wal())", cancellation: cancellation).ConfigureAwait(false);
        var waited = Stopwatch.StartNew(); // the archiver is a real process: real time
        while (!File.Exists(Path.Combine(WalDirectory, segment!)))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(60))
                throw new RunbookException($"WAL segment {segment} did not reach archive {WalDirectory} within 60 s: check archive_command on {live.Endpoint}.", ExitCodes.Failed);
            await Task.Delay(50, cancellation).ConfigureAwait(false);
        }
    }

    private async Task WalDumpAsync(IEnumerable<string> filters, Action<string> onLine, CancellationToken cancellation)
    {
        var binaries = PostgresBinaries.Locate();
        var psi = new ProcessStartInfo(binaries.PathOf("pg_waldump"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        // Given only a start segment, pg_waldump reads that one segment: the newest in the archive is the end.
        var start = StartSegment;
        var end = Directory.EnumerateFiles(WalDirectory).Select(Path.GetFileName)
            .Where(f => f is { Length: 24 } && f.All(char.IsAsciiHexDigit) && f[..8] == start[..8]).Max(StringComparer.Ordinal) ?? start;
        foreach (var a in filters.Concat(["--path=" + WalDirectory, start, string.CompareOrdinal(end, start) > 0 ? end : start])) psi.ArgumentList.Add(a);
        ChildEnvironment.FromScratch(psi);
        psi.Environment["TZ"] = "UTC"; // commit times are printed in the tool's time zone
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var lines = 0;
        try
        {
            while (await process.StandardOutput.ReadLineAsync(cancellation).ConfigureAwait(false) is { } line)
            {
                lines++;
                onLine(line);
            }
            await process.WaitForExitAsync(cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        // pg_waldump reads until the archive ends, and says so with an error: that is the normal end. No record at all is not.
        var errors = await stderr.ConfigureAwait(false);
        if (lines == 0 && process.ExitCode != 0 && !errors.Contains("could not find file", StringComparison.Ordinal)
            && !errors.Contains("invalid record length", StringComparison.Ordinal))
            throw new RunbookException($"pg_waldump could not read WAL archive {WalDirectory}: {LocalPostgresServer.LastLine(errors)}", ExitCodes.Failed);
    }

    private sealed class TransactionChanges(string firstLsn)
    {
        public string FirstLsn { get; } = firstLsn;
        public List<string> Locations { get; } = [];
        public int Deleted { get; set; }
        public int Changed { get; set; }
    }

    [GeneratedRegex(@"START WAL LOCATION: \S+ \(file ([0-9A-F]{24})\)")]
    private static partial Regex StartSegmentPattern();

    [GeneratedRegex(@"tx:\s+(?<tx>\d+), lsn: (?<lsn>[0-9A-F]+/[0-9A-F]+), prev [^,]+, desc: (?<kind>DELETE|UPDATE|HOT_UPDATE)(?:\+INIT)? (?<desc>[^,]*(?:, [^b][^,]*)*)")]
    private static partial Regex HeapChangePattern();

    [GeneratedRegex(@"(?:old_off|off):? (\d+)")]
    private static partial Regex OffsetPattern();

    [GeneratedRegex(@"blkref #(\d+): rel \S+ (?:fork \S+ )?blk (\d+)")]
    private static partial Regex BlockRefPattern();

    [GeneratedRegex(@"tx:\s+(?<tx>\d+), lsn: \S+, prev \S+ desc: COMMIT (?<at>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?) UTC")]
    private static partial Regex CommitPattern();
}
