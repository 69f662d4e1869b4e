using Npgsql;
using Runbooks.Core.Estates;
using Runbooks.Providers;
using Runbooks.Providers.Postgres;

namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>
/// The estate's managed PostgreSQL as Neon and Supabase show it, backed by the drill's real database: a Neon restore
/// builds a real point-in-time copy of the drill's cluster (from its base backup and WAL archive) behind the recovery
/// branch's endpoint, whose connection string never changes; a Supabase restore builds the same copy and puts its
/// content in place of the drill database's, which keeps its name and connection string and refuses connections
/// meanwhile. The real work (building the copy, replacing the content) is done within the restore call, so a drill
/// measures it as the round trip it is rather than projecting it as provider time; then the operation or project status
/// reads as running for <see cref="PollsToFinish"/> polls, the provider's own time, before it is <c>finished</c> or
/// <c>ACTIVE_HEALTHY</c> (a Supabase database takes connections again only then). Copies are disposed by
/// <see cref="ResetAsync"/> and <see cref="DisposeAsync"/>.
/// </summary>
public sealed class SimulatedPostgres : IAsyncDisposable
{
    /// <summary>Neon's 423 message (3P-obs).</summary>
    public const string ConflictingOperations = "project already has running conflicting operations, scheduling of new ones is prohibited";

    /// <summary>What the simulated Neon calls the production branch.</summary>
    public const string ProductionBranchName = "main";

    /// <summary>What the simulated Neon calls the recovery branch.</summary>
    public const string RecoveryBranchName = "recovery";

    private readonly Func<DateTimeOffset> _now;
    private readonly object _gate = new();
    private readonly List<Task> _work = [];
    private readonly Dictionary<string, NeonOperationState> _operations = new(StringComparer.Ordinal);
    private EstatePostgres _estate;
    private PostgresBacking? _backing;
    private DateTimeOffset _historyStart;
    private LoopbackForwarder? _recoveryEndpoint;
    private PointInTimeCopy? _recoveryCopy;
    private DateTimeOffset? _recoveryResetAt;
    private SupabaseRestoreState? _supabaseRestore;

    /// <summary>A model of <paramref name="estate"/> (no database behind it yet) whose answers show times from <paramref name="now"/>.</summary>
    public SimulatedPostgres(EstatePostgres estate, Func<DateTimeOffset> now)
    {
        _estate = estate;
        _now = now;
        _historyStart = now();
    }

    /// <summary>Polls a finished operation or restore still reads as running (the doc's "flips after N polls").</summary>
    public int PollsToFinish { get; set; } = 2;

    /// <summary>The estate's <c>postgres:</c> section the model answers for.</summary>
    public EstatePostgres Estate { get { lock (_gate) return _estate; } }

    /// <summary>
    /// The recovery branch's connection string (the drill database's credentials and name on the branch's own port), or
    /// null without a backing database or a Neon estate. A secret: the runbook gets it sealed.
    /// </summary>
    public string? RecoveryConnectionString
    {
        get
        {
            lock (_gate)
                return _backing is null || _recoveryEndpoint is null ? null
                    : new NpgsqlConnectionStringBuilder(_backing.LiveConnectionString) { Host = "127.0.0.1", Port = _recoveryEndpoint.Port }.ConnectionString;
        }
    }

    /// <summary>Answers for <paramref name="estate"/> with <paramref name="backing"/> behind it, after a reset.</summary>
    public async Task AttachAsync(EstatePostgres estate, PostgresBacking? backing)
    {
        await ResetAsync(estate).ConfigureAwait(false);
        lock (_gate)
        {
            _backing = backing;
            _historyStart = backing?.HistoryStart ?? _now(); // a copy cannot be built for a moment before the base backup
            if (backing is not null && estate.Provider == EstatePostgresProvider.Neon) _recoveryEndpoint = new LoopbackForwarder();
        }
    }

    /// <summary>Back to no restore at all for <paramref name="estate"/>: background work awaited, copies and endpoints disposed, no backing.</summary>
    public async Task ResetAsync(EstatePostgres estate)
    {
        List<Task> work;
        lock (_gate) work = [.. _work];
        try { await Task.WhenAll(work).ConfigureAwait(false); }
        catch (Exception) { /* a failed restore is already what its operation or status says */ }
        PointInTimeCopy? copy;
        LoopbackForwarder? endpoint;
        lock (_gate)
        {
            (copy, endpoint) = (_recoveryCopy, _recoveryEndpoint);
            (_recoveryCopy, _recoveryEndpoint, _recoveryResetAt, _supabaseRestore, _backing) = (null, null, null, null, null);
            _work.Clear();
            _operations.Clear();
            _estate = estate;
        }
        if (endpoint is not null) await endpoint.DisposeAsync().ConfigureAwait(false);
        if (copy is not null) await copy.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => new(ResetAsync(EstatePostgres.SelfManaged));

    /// <summary>Whether <paramref name="projectId"/> is the estate's Neon project.</summary>
    public bool IsNeonProject(string projectId) { lock (_gate) return _estate.Provider == EstatePostgresProvider.Neon && _estate.NeonProjectId == projectId; }

    /// <summary>The Neon branch <paramref name="branchId"/>: its name, parent and last restore; null when the project has no such branch.</summary>
    public NeonBranchState? NeonBranch(string branchId)
    {
        lock (_gate)
        {
            if (branchId == _estate.NeonBranchId) return new NeonBranchState(branchId, ProductionBranchName, null, _historyStart, null);
            if (branchId == _estate.NeonRecoveryBranchId) return new NeonBranchState(branchId, RecoveryBranchName, _estate.NeonBranchId, _historyStart, _recoveryResetAt);
            return null;
        }
    }

    /// <summary>
    /// NEON-1: restores <paramref name="branchId"/> from <paramref name="sourceBranchId"/> as of <paramref name="at"/> (its
    /// head when null). Refusals are Neon's: 423 while an operation runs, 400 for a moment outside the history.
    /// </summary>
    public NeonOperationState RestoreNeonBranch(string branchId, string sourceBranchId, DateTimeOffset? at, string? preserveUnderName)
    {
        var op = StartNeonRestore(branchId, sourceBranchId, at, preserveUnderName);
        Finish(op.Work);
        return op;
    }

    private NeonOperationState StartNeonRestore(string branchId, string sourceBranchId, DateTimeOffset? at, string? preserveUnderName)
    {
        lock (_gate)
        {
            if (_operations.Values.Any(o => Status(o) is "running"))
                throw new ProviderRefusal(423, "", ConflictingOperations);
            var now = _now();
            if (at is { } t && (t < _historyStart || t > now))
                throw new ProviderRefusal(400, "", $"timestamp {t:yyyy-MM-ddTHH:mm:ssZ} is outside the history retention window of branch {sourceBranchId} " +
                    $"({_historyStart:yyyy-MM-ddTHH:mm:ssZ} to now)");
            if (branchId == sourceBranchId && preserveUnderName is null)
                throw new ProviderRefusal(400, "", "preserve_under_name is required when restoring a branch to its own history");
            if (branchId != _estate.NeonRecoveryBranchId || sourceBranchId != _estate.NeonBranchId)
                throw new ProviderRefusal(400, "", $"the simulator restores branch {_estate.NeonRecoveryBranchId} from {_estate.NeonBranchId} only");
            // Without a database behind it (`runbooks sim`, API tests) a restore changes the model only.
            var work = _backing is { } backing ? Task.Run(() => RestoreRecoveryBranchAsync(backing, at ?? now)) : Task.CompletedTask;
            var op = new NeonOperationState(Guid.NewGuid().ToString(), branchId, now, work);
            _operations[op.Id] = op;
            _work.Add(work);
            return op;
        }
    }

    /// <summary>NEON-2: the operation <paramref name="id"/>, counted as one poll; null when unknown.</summary>
    public (NeonOperationState Operation, string Status)? PollNeonOperation(string id)
    {
        lock (_gate)
        {
            if (!_operations.TryGetValue(id, out var op)) return null;
            op.Polls++;
            return (op, Status(op));
        }
    }

    /// <summary>NEON-3: every operation, newest first, each as it stands (not counted as a poll).</summary>
    public IReadOnlyList<(NeonOperationState Operation, string Status)> NeonOperations()
    {
        lock (_gate) return [.. _operations.Values.OrderByDescending(o => o.CreatedAt).Select(o => (o, Status(o)))];
    }

    /// <summary>Whether <paramref name="projectRef"/> is the estate's Supabase project.</summary>
    public bool IsSupabaseProject(string projectRef) { lock (_gate) return _estate.Provider == EstatePostgresProvider.Supabase && _estate.SupabaseProjectRef == projectRef; }

    /// <summary>The moments a Supabase restore can reach: from the backing's base backup to now.</summary>
    public (DateTimeOffset Earliest, DateTimeOffset Latest) SupabaseWindow { get { lock (_gate) return (_historyStart, _now()); } }

    /// <summary>SB-2: restores the project in place to <paramref name="at"/>; 400 outside the window or while a restore runs.</summary>
    public void RestoreSupabaseProject(DateTimeOffset at)
    {
        Task work;
        lock (_gate)
        {
            if (_supabaseRestore is { } running && SupabaseStatus(running, poll: false) != "ACTIVE_HEALTHY")
                throw new ProviderRefusal(400, "", "A restore is already in progress for this project.");
            // The target is whole seconds: the second the history starts in is inside it.
            if (at.ToUnixTimeSeconds() < _historyStart.ToUnixTimeSeconds() || at > _now())
                throw new ProviderRefusal(400, "", $"recovery_time_target_unix must be between {_historyStart.ToUnixTimeSeconds()} and {_now().ToUnixTimeSeconds()}.");
            work = _backing is { } backing ? Task.Run(() => RestoreInPlaceAsync(backing, at)) : Task.CompletedTask;
            _supabaseRestore = new SupabaseRestoreState(work, _backing?.LiveConnectionString);
            _work.Add(work);
        }
        Finish(work);
    }

    /// <summary>SB-3's status, counted as one poll while a restore runs; the poll that reads it healthy lets connections in again.</summary>
    public string PollSupabaseStatus()
    {
        string? reopen = null;
        string status;
        lock (_gate)
        {
            if (_supabaseRestore is not { } restore) return "ACTIVE_HEALTHY";
            status = SupabaseStatus(restore, poll: true);
            if (status == "ACTIVE_HEALTHY" && !restore.Reopened && restore.LiveConnectionString is { } live)
            {
                restore.Reopened = true;
                reopen = live;
            }
        }
        if (reopen is not null)
        {
            var name = new NpgsqlConnectionStringBuilder(reopen).Database!;
            AdminAsync(Admin(reopen), $"ALTER DATABASE {SqlIdentifier.Quote(name)} ALLOW_CONNECTIONS true").GetAwaiter().GetResult();
        }
        return status;
    }

    // The call that starts the work answers when it is done; its failure is what the operation or status then says.
    private static void Finish(Task work)
    {
        try { work.GetAwaiter().GetResult(); }
        catch (Exception) { /* reported by the status */ }
    }

    private static string Admin(string live) => new NpgsqlConnectionStringBuilder(live) { Database = "postgres", Pooling = false }.ConnectionString;

    private string Status(NeonOperationState op)
        => op.Work.IsFaulted ? "failed" : op.Work.IsCompletedSuccessfully && op.Polls >= PollsToFinish ? "finished" : "running";

    private string SupabaseStatus(SupabaseRestoreState restore, bool poll)
    {
        if (poll) restore.Polls++;
        return restore.Work.IsFaulted ? "RESTORE_FAILED" : restore.Work.IsCompletedSuccessfully && restore.Polls >= PollsToFinish ? "ACTIVE_HEALTHY" : "RESTORING";
    }

    private async Task RestoreRecoveryBranchAsync(PostgresBacking backing, DateTimeOffset at)
    {
        await using var live = Client(backing.LiveConnectionString);
        var copy = await new WalArchive(backing.BaseBackupDirectory, backing.WalDirectory).RestoreCopy(live, PointInTimeTarget.At(at)).ConfigureAwait(false);
        PointInTimeCopy? previous;
        lock (_gate)
        {
            previous = _recoveryCopy;
            _recoveryCopy = copy;
            _recoveryResetAt = _now();
            _recoveryEndpoint?.Retarget(new NpgsqlConnectionStringBuilder(copy.ConnectionString).Port);
        }
        if (previous is not null) await previous.DisposeAsync().ConfigureAwait(false);
    }

    // In place: the database refuses connections from the start, its content is replaced by the copy's whole (a dump of
    // the copy restored into a twin, then swapped in under the same name), and it serves again under its own name.
    private static async Task RestoreInPlaceAsync(PostgresBacking backing, DateTimeOffset at)
    {
        var live = new NpgsqlConnectionStringBuilder(backing.LiveConnectionString);
        var name = live.Database!;
        var twin = name + "_restoring";
        var admin = Admin(backing.LiveConnectionString);
        var dump = Path.Combine(Path.GetTempPath(), $"runbooks-sim-{Guid.NewGuid():N}.dump");
        try
        {
            await AdminAsync(admin, $"ALTER DATABASE {SqlIdentifier.Quote(name)} ALLOW_CONNECTIONS false").ConfigureAwait(false);
            await AdminAsync(admin, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name.Replace("'", "''", StringComparison.Ordinal)}' AND pid <> pg_backend_pid()").ConfigureAwait(false);
            await using (var maintenance = Client(admin))
            await using (var copy = await new WalArchive(backing.BaseBackupDirectory, backing.WalDirectory).RestoreCopy(maintenance, PointInTimeTarget.At(at)).ConfigureAwait(false))
            await using (var source = Client(new NpgsqlConnectionStringBuilder(copy.ConnectionString) { Database = name }.ConnectionString))
                await PostgresTool.RunAsync("pg_dump", ["--format=custom", "--file=" + dump, "--dbname=" + name], source, null, CancellationToken.None).ConfigureAwait(false);
            await AdminAsync(admin, $"CREATE DATABASE {SqlIdentifier.Quote(twin)} TEMPLATE template0").ConfigureAwait(false);
            await using (var target = Client(new NpgsqlConnectionStringBuilder(admin) { Database = twin }.ConnectionString))
                await PostgresTool.RunAsync("pg_restore", ["--no-owner", "--exit-on-error", "--dbname=" + twin, dump], target, null, CancellationToken.None).ConfigureAwait(false);
            await AdminAsync(admin, $"ALTER DATABASE {SqlIdentifier.Quote(twin)} ALLOW_CONNECTIONS false").ConfigureAwait(false); // until the project reads healthy
            await AdminAsync(admin, $"DROP DATABASE {SqlIdentifier.Quote(name)} WITH (FORCE)").ConfigureAwait(false);
            await AdminAsync(admin, $"ALTER DATABASE {SqlIdentifier.Quote(twin)} RENAME TO {SqlIdentifier.Quote(name)}").ConfigureAwait(false);
        }
        catch
        {
            // RESTORE_FAILED leaves the database serving as it was, not locked out.
            try { await AdminAsync(admin, $"ALTER DATABASE {SqlIdentifier.Quote(name)} ALLOW_CONNECTIONS true").ConfigureAwait(false); } catch (NpgsqlException) { }
            try { await AdminAsync(admin, $"DROP DATABASE IF EXISTS {SqlIdentifier.Quote(twin)} WITH (FORCE)").ConfigureAwait(false); } catch (NpgsqlException) { }
            throw;
        }
        finally
        {
            File.Delete(dump);
        }
    }

    private static DbClient Client(string connectionString) => new(ProviderContext.ForTools(), new DbClientOptions { ConnectionString = connectionString });

    private static async Task AdminAsync(string admin, string sql)
    {
        await using var c = new NpgsqlConnection(admin);
        await c.OpenAsync().ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private sealed class SupabaseRestoreState(Task work, string? liveConnectionString)
    {
        public Task Work { get; } = work;

        public string? LiveConnectionString { get; } = liveConnectionString;

        public int Polls { get; set; }

        public bool Reopened { get; set; }
    }
}
