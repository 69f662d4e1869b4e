using Runbooks.Core.Estates;
using Runbooks.Core.Sealing;
using Runbooks.Core.Secrets;
using Runbooks.Drills.Environments;
using Runbooks.Drills.Environments.Simulator;
using Runbooks.Drills.Environments.Simulator.Model;
using Runbooks.Providers;
using Runbooks.Providers.Cloudflare;
using Runbooks.Providers.Vercel;
using Runbooks.Tests.Drills.Harness;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Drills.Staging;

/// <summary>
/// <c>drill run --env staging</c>, with a <c>runbooks sim</c> of the staging account standing in for Cloudflare: the
/// drill reaches it only through the public API, restores what it found, and refuses anything of production.
/// </summary>
[Collection(StagingDrillCollection.Name)]
public sealed class StagingDrillTests(PostgresServer postgres) : IAsyncLifetime, IDisposable
{
    private const string StagingAccount = "5e1f5e1f5e1f5e1f5e1f5e1f5e1f5e1f";
    private const string ProductionAccount = "023e105f4ecef8ad9ca31a8372d0c353";
    private const string StagingTeam = "team_staging0001";
    private readonly Workspace _ws = new();
    private SimulatorHost _staging = null!;

    public async Task InitializeAsync()
    {
        // The staging account as Cloudflare holds it: its own Worker, named as staging names it.
        // And its Vercel team, whose app fails every request in a build made with its fault flag set.
        var estate = new Estate(null, StagingAccount, [],
            [new EstateWorker("pitchey-staging", "/api/health", ["/api/pitches/public"], [], new Dictionary<string, string>())], [], StagingTeam,
            [new EstateVercelProject("churn-saver-staging", "prj_churnsaverstaging01", "/api/health", new Dictionary<string, string> { ["PROCESSING_ENABLED"] = "true" })
                { FaultFlag = new EstateFaultFlag("DRILL_FAULT", "fail") }], null);
        _staging = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Estate = estate,
            Timings = ProviderTimings.Default.WithPropagation(TimeSpan.FromMilliseconds(300)) with { VercelBuild = TimeSpan.FromMilliseconds(300) },
        });
        // Staging runs at time scale 1 and stops once the acceptable RTO is spent: this team's table keeps that short.
        _ws.Write(".config/rto.json", """
            { "rto": { "P0": { "description": "Service Down", "target": "4s", "acceptable": "8s", "updateEvery": "15m" } },
              "rpo": { "user-data": { "description": "User Data", "target": "0m", "acceptable": "5m" } } }
            """);
        _ws.Runbook("worker-rollback.csx", File.ReadAllText(Path.Combine(DrillCli.RepositoryRoot, "runbooks", "worker-rollback.csx")));
        _ws.Runbook("gives-up.csx", "// Fails at once.\nawait Step(\"Give up\", () => Fail(\"not today\"));\n");
        _ws.Runbook("takes-its-time.csx", "// Thinks for a long time.\nawait Step(\"Think\", async ct => await Task.Delay(TimeSpan.FromMinutes(2), ct));\n");
    }

    public async Task DisposeAsync() => await _staging.DisposeAsync();

    public void Dispose() => _ws.Dispose();

    private string StagingUrl => _staging.ServiceUrl(EstateServiceKind.Worker, "pitchey-staging");

    private void Estate(string? stagingUrl = null, string stagingAccount = StagingAccount) => _ws.Write(".config/estate.yaml", $"""
        cloudflare:
          accountId: {ProductionAccount}
          zones: [{"{"} name: pitchey.com, id: 9a7806061c88ada191ed06f989cc3dac {"}"}]
          workers:
            - {"{"} name: pitchey-production, health: /api/health, critical: [/api/pitches/public], url: https://pitchey-production.example.workers.dev {"}"}
        staging:
          cloudflare:
            apiBaseUrl: {_staging.CloudflareApiBaseUrl}
            accountId: {stagingAccount}
            workers: {"{"} pitchey-production: {"{"} name: pitchey-staging, url: {stagingUrl ?? StagingUrl} {"}"} {"}"}
          maxRate: 200
        """);

    private string Drill(string runbook = "worker-rollback.csx") => _ws.Write("drills/staging-rollback.drill.yaml", $"""
        name: staging-rollback
        runbook: {runbook}
        severity: P0
        fault: {"{"} kind: bad-deployment {"}"}
        load: {"{"} rate: 1000, target: worker {"}"}
        detect: {"{"} errorRate: 0.10, for: 1s {"}"}
        respond: {"{"} after: 0s {"}"}
        recovered: {"{"} errorRate: 0.01, for: 1s {"}"}
        """);

    private static Dictionary<string, string?> Tokens => new() { ["STAGING_CLOUDFLARE_API_TOKEN"] = SimulatorHost.PlaceholderToken };

    private CliResult Run(params string[] extra)
        => RunbooksCli.Run(_ws.Root, ["drill", "run", "drills/staging-rollback.drill.yaml", "--env", "staging", "--report-dir", _ws.PathOf("reports"),
            "--history-dir", _ws.PathOf("history"), .. extra], Tokens, TimeSpan.FromMinutes(2));

    // What serves in staging, read back as an operator would: through the public API.
    private async Task<string?> Serving()
    {
        var context = new ProviderContext(new SecretStore(new SecretRedactor(), RunVariables.Sealed(new Dictionary<string, string> { ["CLOUDFLARE_API_TOKEN"] = SimulatorHost.PlaceholderToken })),
            new NullLog());
        using var api = new CloudflareClient(new CloudflareOptions { BaseUrl = new Uri(_staging.CloudflareApiBaseUrl), AccountId = StagingAccount }, context);
        return (await api.ListDeployments("pitchey-staging")).First().SingleVersionId;
    }

    private IReadOnlyList<string> AdminCalls() => [.. _staging.Server.LogEntries.Select(e => e.RequestMessage?.Path ?? "").Where(p => p.StartsWith("/__admin", StringComparison.Ordinal))];

    [Fact]
    public async Task A_green_staging_drill_rolls_back_through_the_public_api_capped_at_the_staging_rate_with_no_admin_call()
    {
        Estate();
        Drill();
        var before = await Serving();

        var r = Run("--yes");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("staging-rollback (staging): bad-deployment on pitchey-staging, 200 req/s", r.Stdout);
        Assert.Equal(before, await Serving());
        Assert.Contains(_staging.Requests, q => q.Method == "POST" && q.Path.EndsWith("/workers/scripts/pitchey-staging/versions", StringComparison.Ordinal));
        Assert.Empty(AdminCalls());
        Assert.Contains("\"environment\":\"staging\"", File.ReadAllText(_ws.PathOf("history/staging-rollback.jsonl")));
    }

    [Fact]
    public async Task A_runbook_that_fails_leaves_staging_as_it_found_it()
    {
        Estate();
        Drill("gives-up.csx");
        var before = await Serving();

        var r = Run("--yes");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("the service did not recover before the deadline", r.Stdout); // the error budget (8 s acceptable) was spent
        Assert.Contains($"restored pitchey-staging to its pre-drill version {before}", r.Stdout);
        Assert.Equal(before, await Serving());
        Assert.Empty(AdminCalls());
    }

    [Fact]
    public async Task Ctrl_c_mid_drill_leaves_staging_as_it_found_it()
    {
        Estate();
        Drill("takes-its-time.csx");
        var before = await Serving();
        var (exitCode, rest) = await InterruptWhileTheRunbookRuns("drills/staging-rollback.drill.yaml",
            async () => Assert.NotEqual(before, await Serving())); // the bad release serves

        Assert.Equal(130, exitCode);
        Assert.Contains("restored pitchey-staging to its pre-drill version", rest);
        Assert.Equal(before, await Serving());
    }

    [Theory]
    [InlineData("https://pitchey-production.example.workers.dev", StagingAccount, "the staging URL https://pitchey-production.example.workers.dev is a production host")]
    [InlineData("https://pitchey-production.pitchey.com", StagingAccount, "is a production host (pitchey-production.pitchey.com)")]
    [InlineData(null, ProductionAccount, "staging.cloudflare.accountId is production's account")]
    public async Task Anything_of_production_in_the_staging_section_is_refused_with_exit_2_before_anything_is_touched(string? url, string account, string why)
    {
        Estate(url, account);
        Drill();
        var before = await Serving();
        var calls = _staging.Requests.Count;

        var r = Run("--yes");

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(why, r.Stderr);
        Assert.Equal(calls, _staging.Requests.Count); // not one call reached staging
        Assert.Equal(before, await Serving());
    }

    [Fact]
    public void Without_yes_a_staging_drill_says_what_it_would_do_and_does_nothing()
    {
        Estate();
        Drill();

        var r = Run();

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("Staging drills change staging; pass --yes to run them. They would:", r.Stderr);
        Assert.Contains("staging-rollback: upload a failing version of Worker pitchey-staging", r.Stderr);
        Assert.Contains("send 200 req/s to " + StagingUrl, r.Stderr);
        Assert.Empty(_staging.Requests);
    }

    // The whole estate: production's Worker and Vercel project, and a staging section with their twins and the staging database.
    private void FullEstate() => _ws.Write(".config/estate.yaml", $"""
        cloudflare:
          accountId: {ProductionAccount}
          workers:
            - {"{"} name: pitchey-production, health: /api/health, url: https://pitchey-production.example.workers.dev {"}"}
        vercel:
          teamId: team_production01
          projects:
            - {"{"} name: churn-saver, id: prj_churnsaver0001, health: /api/health, url: https://churn-saver.example.com, env: {"{"} PROCESSING_ENABLED: "true" {"}"}, faultFlag: {"{"} DRILL_FAULT: fail {"}"} {"}"}
        staging:
          vercel:
            apiBaseUrl: {_staging.VercelApiBaseUrl}
            teamId: {StagingTeam}
            projects: {"{"} churn-saver: {"{"} name: churn-saver-staging, url: {_staging.ServiceUrl(EstateServiceKind.Vercel, "churn-saver-staging")} {"}"} {"}"}
          database: STAGING_DATABASE_URL
          maxRate: 200
        """);

    // drills/vercel-rollback.drill.yaml as the repository has it, with its windows cut to a second so the test stays short.
    private string VercelDrill(string runbook = "vercel-rollback.csx")
    {
        _ws.Runbook("vercel-rollback.csx", File.ReadAllText(Path.Combine(DrillCli.RepositoryRoot, "runbooks", "vercel-rollback.csx")));
        var yaml = File.ReadAllText(Path.Combine(DrillCli.RepositoryRoot, "drills", "vercel-rollback.drill.yaml"))
            .Replace("for: 2m", "for: 1s", StringComparison.Ordinal).Replace("for: 1m", "for: 1s", StringComparison.Ordinal)
            .Replace("runbook: vercel-rollback.csx", "runbook: " + runbook, StringComparison.Ordinal);
        Assert.Contains("kind: vercel-bad-deployment", yaml);
        return _ws.Write("drills/vercel-rollback.drill.yaml", yaml);
    }

    private string DataDrill(string runbook) => _ws.Write("drills/staging-restore.drill.yaml", $"""
        name: staging-restore
        runbook: {runbook}
        severity: P0
        fault: {"{"} kind: data-corruption, table: pitches, backupAge: 6h {"}"}
        load: {"{"} rate: 200, target: database {"}"}
        detect: {"{"} errorRate: 0.10, for: 1s {"}"}
        respond: {"{"} after: 0s {"}"}
        recovered: {"{"} errorRate: 0.01, for: 1s {"}"}
        """);

    private CliResult RunDrill(string drill, string? stagingDatabase = null)
        => RunbooksCli.Run(_ws.Root, ["drill", "run", drill, "--env", "staging", "--yes", "--report-dir", _ws.PathOf("reports"), "--history-dir", _ws.PathOf("history")],
            new Dictionary<string, string?> { ["STAGING_VERCEL_TOKEN"] = SimulatorHost.PlaceholderToken, ["STAGING_DATABASE_URL"] = stagingDatabase },
            TimeSpan.FromMinutes(2));

    private VercelClient StagingVercel() => new(new VercelOptions { BaseUrl = new Uri(_staging.VercelApiBaseUrl), TeamId = StagingTeam },
        new ProviderContext(new SecretStore(new SecretRedactor(), RunVariables.Sealed(new Dictionary<string, string> { ["VERCEL_TOKEN"] = SimulatorHost.PlaceholderToken })), new NullLog()));

    // What staging's Vercel project serves and runs with, read back through the public API (V-3, V-7).
    private async Task<(string? Production, string Env)> VercelState()
    {
        using var api = StagingVercel();
        var project = await api.GetProject("churn-saver-staging");
        var env = await api.ListEnv("churn-saver-staging", decrypt: true);
        return (project.ProductionDeploymentId, string.Join(",", env.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}")));
    }

    [Fact]
    public async Task The_vercel_rollback_drill_runs_green_in_staging_through_the_public_api_and_leaves_the_env_as_it_found_it()
    {
        FullEstate();
        var drill = VercelDrill();
        var before = await VercelState();

        var r = RunDrill(drill);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("vercel-rollback (staging): vercel-bad-deployment on churn-saver-staging, 200 req/s", r.Stdout);
        Assert.Contains("redeployed as", r.Stdout);
        Assert.Equal(before, await VercelState()); // the pre-drill deployment serves; DRILL_FAULT and the kill switches are gone
        Assert.Contains(_staging.Requests, q => q.Method == "POST" && q.Path == "/v13/deployments"); // the fault's redeploy (V-11)
        Assert.Contains(_staging.Requests, q => q.Method == "POST" && q.Path.Contains("/rollback/", StringComparison.Ordinal)); // the runbook's (V-4)
        Assert.Empty(AdminCalls());
        Assert.DoesNotContain(SimulatorHost.PlaceholderToken, r.Stdout + r.Stderr + File.ReadAllText(_ws.PathOf("reports/vercel-rollback/journal.jsonl")));
        Assert.Contains("\"environment\":\"staging\"", File.ReadAllText(_ws.PathOf("history/vercel-rollback.jsonl")));
    }

    [Fact]
    public async Task A_failing_vercel_runbook_in_staging_gets_the_pre_drill_deployment_and_env_back()
    {
        FullEstate();
        var drill = VercelDrill("gives-up.csx");
        var before = await VercelState();

        var r = RunDrill(drill);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains($"restored churn-saver-staging to its pre-drill deployment {before.Production}", r.Stdout);
        Assert.Contains("DRILL_FAULT removed", r.Stdout);
        Assert.Equal(before, await VercelState());
        Assert.Empty(AdminCalls());
    }

    [Fact]
    public async Task Ctrl_c_mid_vercel_drill_gets_the_pre_drill_deployment_and_env_back()
    {
        FullEstate();
        var drill = VercelDrill("takes-its-time.csx");
        var before = await VercelState();
        var (exitCode, rest) = await InterruptWhileTheRunbookRuns(drill,
            async () => Assert.NotEqual(before, await VercelState())); // the bad build serves, with the fault flag set

        Assert.Equal(130, exitCode);
        Assert.Contains("restored churn-saver-staging to its pre-drill deployment", rest);
        Assert.Equal(before, await VercelState());
    }

    [Fact]
    public async Task A_staging_data_drill_backs_the_staging_database_up_and_verifies_it_before_the_fault_and_the_runbook_restores_it()
    {
        FullEstate();
        _ws.Runbook("db-restore.csx", File.ReadAllText(Path.Combine(DrillCli.RepositoryRoot, "runbooks", "db-restore.csx")));
        var stagingDb = await postgres.NewDatabaseAsync();
        var pitches = await PostgresServer.Scalar<long>(stagingDb, "SELECT count(*) FROM pitches");

        var r = RunDrill(DataDrill("db-restore.csx"), stagingDb);

        Assert.True(r.ExitCode == 0, r.ToString());
        var backedUp = r.Stdout.IndexOf("staging: backed up", StringComparison.Ordinal);
        Assert.True(backedUp >= 0 && backedUp < r.Stdout.IndexOf("fault injected", StringComparison.Ordinal), r.Stdout); // verified before the fault
        Assert.Matches(@"backed up \S+ to \S+\.dump and verified it", r.Stdout);
        Assert.Contains("the staging database matches its pre-drill backup", r.Stdout);
        Npgsql.NpgsqlConnection.ClearAllPools(); // the runbook ended every other session when it stopped and resumed writes
        Assert.Equal(pitches, await PostgresServer.Scalar<long>(stagingDb, "SELECT count(*) FROM pitches"));
        Assert.DoesNotContain(stagingDb, r.Stdout + r.Stderr);
    }

    [Fact]
    public async Task A_staging_data_drill_whose_runbook_fails_restores_the_staging_database_from_the_pre_drill_backup()
    {
        FullEstate();
        var stagingDb = await postgres.NewDatabaseAsync();
        var pitches = await PostgresServer.Scalar<long>(stagingDb, "SELECT count(*) FROM pitches");

        var r = RunDrill(DataDrill("gives-up.csx"), stagingDb);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("staging: restored the staging database from its pre-drill backup", r.Stdout);
        Npgsql.NpgsqlConnection.ClearAllPools();
        Assert.Equal(pitches, await PostgresServer.Scalar<long>(stagingDb, "SELECT count(*) FROM pitches"));
    }

    // Starts the staging drill, waits until its runbook (takes-its-time.csx) started, checks what staging looks like then,
    // sends Ctrl-C; returns the exit code and what the drill printed after it.
    private async Task<(int ExitCode, string After)> InterruptWhileTheRunbookRuns(string drill, Func<Task> whileBroken)
    {
        using var process = RunbooksCli.Start(_ws.Root, ["drill", "run", drill, "--env", "staging", "--yes", "--report-dir", _ws.PathOf("reports"),
            "--history-dir", _ws.PathOf("history")], new Dictionary<string, string?>(Tokens) { ["STAGING_VERCEL_TOKEN"] = SimulatorHost.PlaceholderToken });
        var stderr = process.StandardError.ReadToEndAsync();
        var seen = new List<string>();
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null && !line.Contains("runbook takes-its-time.csx started")) seen.Add(line);
        if (line is null) Assert.Fail(string.Join('\n', seen) + await stderr);
        await whileBroken();

        RunbooksCli.SendSigint(process);
        var rest = process.StandardOutput.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(patience.Token);
        return (process.ExitCode, await rest);
    }

    private sealed class NullLog : Runbooks.Core.Runs.IRunLog
    {
        public void Log(string message) { }
    }
}
