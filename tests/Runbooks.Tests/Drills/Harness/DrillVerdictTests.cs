using System.Xml.Linq;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Drills.Harness;

[Collection(DrillCollection.Name)]
public sealed class DrillVerdictTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("runbooks-drill-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Drill(string name, string fault, string detectFor = "2m", string runbook = "worker-rollback.csx", string extra = "") => DrillCli.WriteDrill(_dir, name, $"""
        name: {name}
        runbook: {runbook}
        severity: P0
        params: {"{"} worker: pitchey-production {"}"}
        fault: {fault}
        load: {"{"} rate: 1000, target: worker {"}"}
        detect: {"{"} errorRate: 0.10, for: {detectFor} {"}"}
        recovered: {"{"} errorRate: 0.01, for: 1m {"}"}
        {extra}
        """);

    [Fact]
    public void A_propagation_longer_than_the_scaled_budget_is_a_breach_with_exit_1_and_a_junit_failure_while_a_fast_one_is_within_target()
    {
        // At time scale 0.02 the P0 budget is 2.4 s (target) / 6 s (acceptable); 5 minutes of propagation become 6 s.
        var slow = Drill("slow-propagation", "{ kind: bad-deployment, propagation: 5m }");
        var fast = Drill("fast-detection", "{ kind: bad-deployment, propagation: 5s }", detectFor: "20s");
        // The baselines beside the drills, under the key this build runs them at: the slow runbook (it waits out 6 s of
        // propagation) took 100 ms last time.
        var key = Runbooks.Drills.Baselines.BaselineKey.For(new Runbooks.Core.Timing.TimeScale(0.02));
        File.WriteAllText(Path.Combine(_dir, "baselines.json"), $$"""
            { "drills": { "slow-propagation": { "{{key}}": { "samplesMs": [100] } }, "fast-detection": { "{{key}}": { "samplesMs": [5000] } } } }
            """);
        var reports = Path.Combine(_dir, "reports");

        var run = DrillCli.Run(["drill", "run", slow, fast, "--report-dir", reports, "--time-scale", "0.02"], TimeSpan.FromMinutes(2));

        Assert.True(run.ExitCode == 1, run.ToString());
        var cases = XDocument.Load(Path.Combine(reports, "junit.xml")).Descendants("testcase").ToDictionary(c => (string)c.Attribute("name")!);
        var failure = cases["slow-propagation"].Element("failure");
        Assert.NotNull(failure);
        Assert.Contains("RTO breach", (string)failure.Attribute("message")!);
        Assert.Contains("acceptable RTO of 6000 ms", (string)failure.Attribute("message")!);
        Assert.Contains("Regression: runbook overhead", (string)failure.Attribute("message")!);
        Assert.Contains("exceeds the baseline 100 ms", (string)failure.Attribute("message")!);
        Assert.Null(cases["fast-detection"].Element("failure"));
        Assert.Contains("within target", (string)cases["fast-detection"].Element("system-out")!);
        Assert.Contains("1 of 2 drill(s) failed.", run.Stdout);
        Assert.Empty(DrillCli.LeftBehindBy(run.Pid));
    }

    [Fact]
    public void Calibration_outages_of_several_durations_are_measured_within_one_bucket()
    {
        var durations = new[] { 500, 1500, 3000 };
        var files = durations.Select(ms => DrillCli.WriteDrill(_dir, $"outage-{ms}", $$"""
            name: outage-{{ms}}
            severity: P0
            fault: { kind: outage, duration: {{ms}}ms }
            load: { rate: 1000, target: worker }
            detect: { errorRate: 0.50, for: 200ms }
            recovered: { errorRate: 0.01, for: 500ms }
            timeScale: 1
            """)).ToArray();
        var reports = Path.Combine(_dir, "reports");

        var run = DrillCli.Run(["drill", "run", .. files, "--report-dir", reports], TimeSpan.FromMinutes(2));

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var ms in durations)
        {
            var timeline = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(reports, $"outage-{ms}.json")))!["timelineMs"]!;
            var fault = timeline["fault"]!.GetValue<double>();
            var injected = timeline["healed"]!.GetValue<double>() - fault;
            var measured = timeline["recovered"]!.GetValue<double>() - fault;
            // Injected = from WireMock acknowledging the fault to acknowledging the heal; the heal call leaves on the deadline and
            // its acknowledgement can take tens of ms on a loaded machine, never more than a bucket.
            Assert.InRange(injected, ms - 5, ms + 100);
            Assert.True(Math.Abs(measured - injected) <= 100, $"outage of {injected:0} ms measured as {measured:0} ms");
        }
    }

    [Fact]
    public async Task Ctrl_c_during_a_drill_exits_130_and_stops_postgres_and_wiremock()
    {
        using var process = RunbooksCli.Start(DrillCli.RepositoryRoot,
            ["drill", "run", "db-migration-rollback", "worker-rollback", "--report-dir", Path.Combine(_dir, "reports")]);
        var stderr = process.StandardError.ReadToEndAsync();
        string? line;
        var seen = new List<string>();
        while ((line = process.StandardOutput.ReadLine()) is not null && !line.Contains("fault injected")) seen.Add(line);
        if (line is null) Assert.Fail(string.Join('\n', seen) + await stderr);

        RunbooksCli.SendSigint(process);

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(patience.Token);
        Assert.Equal(130, process.ExitCode);
        Assert.Contains("Cancelled", await stderr);
        Assert.Empty(DrillCli.LeftBehindBy(process.Id));
    }

    [Fact]
    public void A_token_the_runbook_puts_in_a_step_name_and_a_log_line_is_masked_in_console_journal_and_every_report()
    {
        // A careless runbook: the provider token the drill hands it goes into a step's name and a log line.
        var runbook = Path.Combine(_dir, "leaky.csx");
        File.WriteAllText(runbook, """
            var token = Secret("CLOUDFLARE_API_TOKEN");
            await Step($"Call the API with {token}", () => Log($"using token {token}"));
            """);
        var drill = DrillCli.WriteDrill(_dir, "leaky", $$"""
            name: leaky
            runbook: {{runbook}}
            severity: P0
            fault: { kind: outage, duration: 1s }
            load: { rate: 1000, target: worker }
            detect: { errorRate: 0.50, for: 200ms }
            recovered: { errorRate: 0.01, for: 500ms }
            timeScale: 1
            """);
        var reports = Path.Combine(_dir, "reports");

        var run = DrillCli.Run(["drill", "run", drill, "--report-dir", reports, "--verbose"], TimeSpan.FromMinutes(1));

        var token = Runbooks.Drills.Environments.Simulator.SimulatorHost.PlaceholderToken;
        Assert.DoesNotContain(token, run.Stdout + run.Stderr);
        Assert.Contains("Call the API with ***", run.Stdout); // the step ran and was printed, masked
        var files = Directory.EnumerateFiles(reports, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".dump", StringComparison.Ordinal)).ToList();
        Assert.Contains(Path.Combine(reports, "leaky", "journal.jsonl"), files);
        Assert.Contains("using token ***", File.ReadAllText(Path.Combine(reports, "leaky", "journal.jsonl")));
        Assert.Contains("Call the API with ***", File.ReadAllText(Path.Combine(reports, "leaky.json")));
        Assert.DoesNotContain(files, f => File.ReadAllText(f).Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public void Two_drills_of_one_name_or_an_rpo_row_the_table_lacks_exit_2_before_anything_starts()
    {
        var first = Drill("same", "{ kind: bad-deployment }");
        var second = DrillCli.WriteDrill(_dir, "other", File.ReadAllText(first));
        var rpo = Drill("rpo", "{ kind: bad-deployment }", extra: "rpo: everything");
        var reports = Path.Combine(_dir, "reports");

        var twice = DrillCli.Run(["drill", "run", first, second, "--report-dir", reports], TimeSpan.FromSeconds(60));
        var unknownRpo = DrillCli.Run(["drill", "run", rpo, "--report-dir", reports], TimeSpan.FromSeconds(60));

        Assert.True(twice.ExitCode == 2, twice.ToString());
        Assert.Contains("Two drills are named 'same'", twice.Stderr);
        Assert.True(unknownRpo.ExitCode == 2, unknownRpo.ToString());
        Assert.Contains("rpo 'everything' is not in the RPO table", unknownRpo.Stderr);
        Assert.Contains("known: ", unknownRpo.Stderr);
        Assert.DoesNotContain("Starting", twice.Stdout + unknownRpo.Stdout);
    }

    [Theory]
    [InlineData("{ kind: bad-deploy, propagation: 20s }", "worker-rollback.csx", "(5,", "fault kind 'bad-deploy' is unknown; allowed: bad-deployment")]
    [InlineData("{ kind: bad-deployment, propagation: soon }", "worker-rollback.csx", "(5,", "fault.propagation 'soon' is not a duration")]
    [InlineData("{ kind: bad-deployment, worker: pitchey-staging }", "worker-rollback.csx", "(5,", "'worker' is not a fault 'bad-deployment' key; allowed: kind, propagation")]
    [InlineData("{ kind: bad-deployment }", "no-such-runbook.csx", "(2)", "Runbook 'no-such-runbook.csx' not found")]
    [InlineData("{ kind: bad-deployment }", "pages-rollback.csx", "(2)", "requires param 'project'")]
    public void A_malformed_drill_exits_2_naming_the_file_and_line_before_anything_starts(string fault, string runbook, string line, string message)
    {
        var file = Drill("bad", fault, runbook: runbook);

        var run = DrillCli.Run(["drill", "run", file, "--report-dir", Path.Combine(_dir, "reports")], TimeSpan.FromSeconds(60));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("bad.drill.yaml" + line, run.Stderr);
        Assert.Contains(message, run.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Starting", run.Stdout);
        Assert.DoesNotContain("   at ", run.Stderr);
    }
}
