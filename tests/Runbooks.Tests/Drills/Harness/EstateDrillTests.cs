using System.Text.Json.Nodes;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Drills.Harness;

/// <summary>
/// A team that is not the seed team drills its own estate: other account, other Worker names, other health and critical
/// paths. Nothing in the simulator or the runbook names the seed's services, so the same drill passes.
/// </summary>
[Collection(DrillCollection.Name)]
public sealed class EstateDrillTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("runbooks-estate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Estate(string yaml)
    {
        var path = Path.Combine(_dir, "estate.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void A_worker_rollback_drill_runs_against_another_teams_estate_and_its_runbook_checks_that_teams_endpoints()
    {
        var estate = Estate("""
            cloudflare:
              accountId: 7a7b7c7d7e7f70717273747576777879
              workers:
                - { name: ledger-api, health: /healthz, critical: [/v2/invoices, /v2/payments] }
                - { name: billing-edge, health: /ping, critical: [/v1/quote] }
            """);
        var drill = DrillCli.WriteDrill(_dir, "billing-rollback", """
            name: billing-rollback
            runbook: worker-rollback.csx
            severity: P0
            fault: { kind: bad-deployment, propagation: 20s }
            load: { rate: 300, target: worker, service: billing-edge }
            detect: { errorRate: 0.10, for: 2m }
            recovered: { errorRate: 0.01, for: 1m }
            """);

        var run = DrillCli.Run(["drill", "run", drill, "--estate", estate, "--report-dir", Path.Combine(_dir, "reports")], TimeSpan.FromMinutes(2));

        Assert.True(run.ExitCode == 0, run.ToString());
        var journal = File.ReadAllLines(Path.Combine(_dir, "reports", "billing-rollback", "journal.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        var started = journal.First(e => (string?)e["event"] == "run.start");
        Assert.Equal("billing-edge", (string?)started["params"]?["worker"]);
        Assert.EndsWith("/sim/workers/billing-edge", (string?)started["params"]?["url"]);
        var logs = string.Join('\n', journal.Where(e => (string?)e["event"] == "log").Select(e => (string?)e["message"]));
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "reports", "billing-rollback.json")))!;
        Assert.Contains("propagation of Worker billing-edge (20.0 s)", report["projection"]!["spans"]!.AsArray().Select(s => (string?)s!["what"]));
        Assert.Contains("/sim/workers/billing-edge/ping: HTTP 200 after", logs); // the estate's health path
        Assert.Contains("/sim/workers/billing-edge/v1/quote: HTTP 200", logs); // and its critical one
        Assert.DoesNotContain("/api/creator/dashboard", logs);
    }

    [Fact]
    public void A_multi_worker_rollback_drill_rolls_back_five_workers_under_names_nobody_wrote_into_the_runbook()
    {
        string[] names = ["quill-auth", "marten-feed", "osprey-media", "lynx-gateway", "wren-sockets"];
        var estate = Estate("cloudflare:\n  accountId: 0a1b2c3d4e5f60718293a4b5c6d7e8f9\n  workers:\n"
            + string.Concat(names.Select(n => $"    - {{ name: {n}, health: /hz, critical: [/{n}/ok] }}\n")));
        var drill = DrillCli.WriteDrill(_dir, "five-workers", """
            name: five-workers
            runbook: multi-worker-rollback.csx
            severity: P0
            fault: { kind: bad-deployments, propagation: 20s }
            load: { rate: 300, target: worker, service: lynx-gateway }
            detect: { errorRate: 0.10, for: 2m }
            recovered: { errorRate: 0.01, for: 1m }
            """);

        var run = DrillCli.Run(["drill", "run", drill, "--estate", estate, "--report-dir", Path.Combine(_dir, "reports")], TimeSpan.FromMinutes(2));

        Assert.True(run.ExitCode == 0, run.ToString());
        var journal = File.ReadAllText(Path.Combine(_dir, "reports", "five-workers", "journal.jsonl"));
        Assert.Contains("All 5 Workers rolled back and verified.", journal);
        Assert.All(names, n => Assert.Contains($"/sim/workers/{n}/{n}/ok: HTTP 200", journal));
        var spans = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "reports", "five-workers.json")))!["projection"]!["spans"]!.AsArray()
            .Select(sp => (string?)sp!["what"]).ToList();
        Assert.All(names, n => Assert.Contains($"propagation of Worker {n} (20.0 s)", spans));
    }

    [Fact]
    public void A_drill_whose_load_names_a_service_the_estate_does_not_run_is_exit_2_naming_the_ones_it_does()
    {
        var estate = Estate("cloudflare:\n  accountId: 7a7b7c7d7e7f70717273747576777879\n  workers: [{ name: ledger-api }]\n");
        var drill = DrillCli.WriteDrill(_dir, "typo", """
            name: typo
            runbook: worker-rollback.csx
            severity: P0
            fault: { kind: bad-deployment }
            load: { rate: 100, target: worker, service: ledger-apl }
            detect: { errorRate: 0.10, for: 2m }
            recovered: { errorRate: 0.01, for: 1m }
            """);

        var run = DrillCli.Run(["drill", "run", drill, "--estate", estate, "--report-dir", Path.Combine(_dir, "reports")], TimeSpan.FromMinutes(1));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("typo.drill.yaml: load: Worker 'ledger-apl' is not in ", run.Stderr);
        Assert.Contains("estate.yaml; it has: ledger-api.", run.Stderr);
    }

    [Fact]
    public void A_malformed_estate_is_exit_2_with_its_line_and_column()
    {
        var estate = Estate("cloudflare:\n  accountId: 7a7b7c7d7e7f70717273747576777879\n  wrokers: []\n");

        var run = DrillCli.Run(["drill", "run", "worker-rollback", "--estate", estate, "--report-dir", Path.Combine(_dir, "reports")], TimeSpan.FromMinutes(1));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("estate.yaml(3,3): 'wrokers' is not a cloudflare key; allowed: accountId, zones, workers, pages.", run.Stderr);
    }
}
