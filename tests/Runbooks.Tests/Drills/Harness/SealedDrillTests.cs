using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Drills.Harness;

/// <summary>
/// An on-call engineer runs drills with production credentials in the shell. Every one of them points at a loopback
/// trap standing in for production: the drills must still pass, nothing may reach the trap, and no credential may be
/// printed, journaled or reported in any encoding.
/// </summary>
[Collection(DrillCollection.Name)]
public sealed class SealedDrillTests : IDisposable
{
    private const string CloudflareToken = "cf-PROD+tok&en<9>'x";
    private const string VercelToken = "vc-PROD/tok%en \"q\" ü";
    private const string DatabasePassword = "pr0d+Pa55&w<o>rd";

    private readonly string _dir = Directory.CreateTempSubdirectory("runbooks-sealed-").FullName;
    private readonly TcpListener _trap = new(IPAddress.Loopback, 0);
    private int _reached;

    public SealedDrillTests()
    {
        _trap.Start();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                try { using var c = await _trap.AcceptTcpClientAsync(); Interlocked.Increment(ref _reached); }
                catch (ObjectDisposedException) { return; }
                catch (SocketException) { return; }
            }
        });
    }

    private int TrapPort => ((IPEndPoint)_trap.LocalEndpoint).Port;

    private Dictionary<string, string?> ProductionShell() => new()
    {
        ["CLOUDFLARE_API_BASE_URL"] = $"http://127.0.0.1:{TrapPort}/client/v4",
        ["CLOUDFLARE_API_TOKEN"] = CloudflareToken,
        ["CLOUDFLARE_ACCOUNT_ID"] = "0123456789abcdef0123456789abcdef",
        ["VERCEL_API_BASE_URL"] = $"http://127.0.0.1:{TrapPort}",
        ["VERCEL_TOKEN"] = VercelToken,
        ["DATABASE_URL"] = $"postgres://prod:{Uri.EscapeDataString(DatabasePassword)}@127.0.0.1:{TrapPort}/prod",
        ["STAGING_DATABASE_URL"] = $"postgres://staging:{Uri.EscapeDataString(DatabasePassword)}@127.0.0.1:{TrapPort}/staging",
        ["RUNBOOK_PARAM_REGION"] = "prod-eu",
        ["RUNBOOK_PARAM_WORKER"] = "prod-worker",
    };

    [Fact]
    public void Drills_run_with_production_credentials_in_the_shell_reach_nothing_of_them_and_print_none()
    {
        // A database-only drill whose runbook also calls both providers, and a simulator drill whose runbook uses Db.
        var dbRunbook = Write("db-drill-calls-providers.csx", """
            // Restore after corruption, after asking the providers (which this drill does not simulate).
            // Severity: P0
            // Recovery: 1m
            await Step("Ask Cloudflare", async ct => await Cloudflare.Deployments("pitchey-production", ct), continueOnError: true);
            await Step("Ask Vercel", async ct => await Vercel.Project("churn-saver", ct), continueOnError: true);
            await Step("Read the shell", () => Log($"token={Environment.GetEnvironmentVariable("CLOUDFLARE_API_TOKEN") ?? "unset"} region={Param("region", "unset")}"));
            var backup = Db.LatestBackup(Param("backup-dir"))!;
            await Step("Restore", async ct => await Db.Restore(backup, verify: false, ct), destructive: true);
            """);
        var simRunbook = Write("sim-drill-uses-db.csx", """
            // Roll back, after asking the database (which this drill does not have) and probing production.
            // Severity: P0
            // Recovery: 1m
            await Step("Ask the database", async ct => await Db.Health(cancellation: ct), continueOnError: true);
            await Step("Probe production", async ct => await Http.Check("https://api.cloudflare.com/client/v4/user/tokens/verify", ct), continueOnError: true);
            await Step("Read the shell", () => Log($"token={Environment.GetEnvironmentVariable("VERCEL_TOKEN") ?? "unset"} region={Param("region", "unset")}"));
            await Step("Roll back", ct => Cloudflare.RollbackWorker(Param("worker"), cancellation: ct), destructive: true);
            await Step("Wait until healthy", ct => Http.WaitUntilHealthy($"{Param("url")}/api/health", TimeSpan.FromSeconds(30), ct));
            """);
        var dbDrill = DrillCli.WriteDrill(_dir, "sealed-db", $$"""
            name: sealed-db
            runbook: {{dbRunbook}}
            severity: P0
            fault: { kind: data-corruption, table: pitches, backupAge: 1h }
            load: { rate: 200, target: database }
            detect: { errorRate: 0.10, for: 2m }
            recovered: { errorRate: 0.01, for: 1m }
            timeScale: 0.02
            """);
        var simDrill = DrillCli.WriteDrill(_dir, "sealed-sim", $$"""
            name: sealed-sim
            runbook: {{simRunbook}}
            severity: P0
            params: { worker: pitchey-production }
            fault: { kind: bad-deployment, propagation: 20s }
            load: { rate: 500, target: worker }
            detect: { errorRate: 0.10, for: 2m }
            recovered: { errorRate: 0.01, for: 1m }
            timeScale: 0.02
            """);
        var reports = Path.Combine(_dir, "reports");

        var run = RunbooksCli.Run(DrillCli.RepositoryRoot, ["drill", "run", dbDrill, simDrill, "--report-dir", reports, "--verbose"],
            ProductionShell(), TimeSpan.FromMinutes(3));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(0, Volatile.Read(ref _reached));
        var dbJournal = File.ReadAllText(Path.Combine(reports, "sealed-db", "journal.jsonl"));
        Assert.Contains("This drill has no Cloudflare simulator; the runbook called Cloudflare.", dbJournal);
        Assert.Contains("This drill has no Vercel simulator; the runbook called Vercel.", dbJournal);
        var simJournal = File.ReadAllText(Path.Combine(reports, "sealed-sim", "journal.jsonl"));
        Assert.Contains("This drill has no database; the runbook called Db.", simJournal);
        Assert.Contains("A drill reaches only loopback endpoints, so the probe at https://api.cloudflare.com/client/v4/user/tokens/verify was refused", simJournal);
        foreach (var journal in new[] { dbJournal, simJournal }) Assert.Contains("token=unset region=unset", journal);
        AssertNoSecretIn(run.Output, "the console");
        foreach (var file in Directory.GetFiles(reports, "*", SearchOption.AllDirectories).Where(f => !f.Contains("backups")))
            AssertNoSecretIn(File.ReadAllText(file), file);
    }

    [Fact]
    public void A_drill_file_cannot_replace_the_harness_own_url()
    {
        var drill = DrillCli.WriteDrill(_dir, "steals-url", """
            name: steals-url
            runbook: worker-rollback.csx
            severity: P0
            params: { worker: pitchey-production, url: "https://api.example.com" }
            fault: { kind: bad-deployment }
            load: { rate: 100, target: worker }
            detect: { errorRate: 0.10, for: 2m }
            recovered: { errorRate: 0.01, for: 1m }
            """);

        var run = DrillCli.Run(["drill", "run", drill], TimeSpan.FromMinutes(1));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("steals-url.drill.yaml(4): param 'url' is set by the harness (the simulated service's URL); a drill file cannot set it.", run.Output);
    }

    private static void AssertNoSecretIn(string text, string where)
    {
        foreach (var secret in new[] { CloudflareToken, VercelToken, DatabasePassword })
            foreach (var form in new[] { secret, JsonSerializer.Serialize(secret).Trim('"'), Uri.EscapeDataString(secret), WebUtility.HtmlEncode(secret) })
                Assert.False(text.Contains(form, StringComparison.Ordinal), $"{where} shows a credential ({form}):\n{text}");
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        _trap.Stop();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
