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
    public void A_drill_that_expects_a_read_only_runbook_fails_naming_the_writes_a_rollback_sent()
    {
        var writing = Drill("not-read-only", "{ kind: bad-deployment, propagation: 5s }", detectFor: "20s", extra: "expect: { readOnly: true }");

        var run = DrillCli.Run(["drill", "run", writing, "--report-dir", Path.Combine(_dir, "reports")], TimeSpan.FromMinutes(2));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("The runbook must change nothing (expect readOnly), but sent", run.Stdout);
        Assert.Contains("POST /client/v4/accounts/", run.Stdout);
    }

    [Fact]
    public void A_projected_rto_over_the_budget_is_a_breach_and_slower_runbook_work_a_regression_with_exit_1_and_junit_failures()
    {
        // 5 minutes of propagation project past the P0 acceptable RTO of 5 minutes; a runbook that thinks for 2 s where its
        // baseline says 100 ms regressed; a fast detection window projects within the 2 min target.
        var slow = Drill("slow-propagation", "{ kind: bad-deployment, propagation: 5m }");
        var thinking = Path.Combine(_dir, "thinking-rollback.csx");
        File.WriteAllText(thinking, "await Step(\"Think it over\", async ct => await Task.Delay(2000, ct));\n"
            + File.ReadAllText(Path.Combine(DrillCli.RepositoryRoot, "runbooks", "worker-rollback.csx")));
        var regressed = Drill("thinking", "{ kind: bad-deployment, propagation: 5s }", detectFor: "20s", runbook: thinking);
        var fast = Drill("fast-detection", "{ kind: bad-deployment, propagation: 5s }", detectFor: "20s");
        // The baselines beside the drills, under the key this build runs them at.
        var key = Runbooks.Drills.Baselines.BaselineKey.For(new Runbooks.Core.Timing.TimeScale(0.02));
        File.WriteAllText(Path.Combine(_dir, "baselines.json"), $$"""
            { "drills": { "thinking": { "{{key}}": { "samplesMs": [100] } }, "fast-detection": { "{{key}}": { "samplesMs": [5000] } } } }
            """);
        var reports = Path.Combine(_dir, "reports");

        var run = DrillCli.Run(["drill", "run", slow, regressed, fast, "--report-dir", reports, "--time-scale", "0.02"], TimeSpan.FromMinutes(3));

        Assert.True(run.ExitCode == 1, run.ToString());
        var cases = XDocument.Load(Path.Combine(reports, "junit.xml")).Descendants("testcase").ToDictionary(c => (string)c.Attribute("name")!);
        var breach = (string)cases["slow-propagation"].Element("failure")!.Attribute("message")!;
        Assert.Contains("RTO breach: projected ", breach);
        Assert.Contains("against the P0 acceptable RTO of 5m", breach);
        var regression = (string)cases["thinking"].Element("failure")!.Attribute("message")!;
        Assert.Contains("Regression: runbook work", regression);
        Assert.Contains("exceeds the baseline 100 ms", regression);
        Assert.DoesNotContain("RTO breach", regression);
        Assert.Null(cases["fast-detection"].Element("failure"));
        Assert.Contains("within target", (string)cases["fast-detection"].Element("system-out")!);
        Assert.Contains("2 of 3 drill(s) failed", run.Stdout);
        Assert.Empty(DrillCli.LeftBehindBy(run.Pid));
    }

    [Theory]
    [InlineData(1.0, new[] { 500, 1500, 3000 })]
    [InlineData(0.02, new[] { 30_000, 90_000 })]
    public void Calibration_outages_are_measured_where_they_were_injected_on_both_edges_at_time_scale_1_and_the_default(double scale, int[] durations)
    {
        var files = durations.Select(ms => DrillCli.WriteDrill(_dir, $"outage-{ms}", $$"""
            name: outage-{{ms}}
            severity: P0
            fault: { kind: outage, duration: {{ms}}ms }
            load: { rate: 1000, target: worker }
            detect: { errorRate: 0.50, for: 200ms }
            recovered: { errorRate: 0.01, for: 500ms }
            """)).ToArray();
        var reports = Path.Combine(_dir, "reports");

        var run = DrillCli.Run(["drill", "run", .. files, "--report-dir", reports, "--time-scale", scale.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            TimeSpan.FromMinutes(2));

        // Right or invalid, never wrong: a run the instrument could not measure says so (exit 3), and is not a pass.
        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var ms in durations)
        {
            var report = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(reports, $"outage-{ms}.json")))!;
            var timeline = report["timelineMs"]!;
            var resolution = report["projection"]!["resolutionMs"]!.GetValue<double>();
            var fault = timeline["fault"]!.GetValue<double>();
            // The injected outage runs from WireMock acknowledging the fault to acknowledging the heal, on the drill clock.
            var injected = timeline["healed"]!.GetValue<double>() - fault;
            Assert.InRange(injected, ms * scale - 5, ms * scale + 100);
            // Both edges, within the resolution: where the load first saw the outage, and where it saw the service back.
            Assert.InRange(timeline["faultSeen"]!.GetValue<double>() - fault, -resolution, resolution);
            Assert.InRange(timeline["recovered"]!.GetValue<double>() - fault - injected, -resolution, resolution);
            // Projected to the real world, the outage is the one injected, within the resolution; what the heal call took
            // beyond the timed duration is measured (real at every scale) and may add to it.
            var lag = injected - ms * scale;
            var projected = report["rto"]!["projectedRealWorldMs"]!.GetValue<double>();
            Assert.True(projected >= ms - resolution && projected <= ms + lag + resolution,
                $"outage of {ms} ms (+{lag:0} ms heal) projected as {projected:0} ms");
        }
    }

    [Fact]
    public void A_heal_by_the_simulators_own_propagation_timer_is_placed_within_the_resolution_or_the_run_says_it_cannot_be()
    {
        // The Worker's bad release is rolled back at once through the simulated API; the simulator heals it after its
        // 1 minute propagation (1.2 s at 0.02), by its webhook. WireMock's JVM answers slowly for a moment as the scenario
        // moves, so a run may be declared invalid; a valid one must be right.
        var files = Enumerable.Range(1, 2).Select(i => DrillCli.WriteDrill(_dir, $"propagated-{i}", $"""
            name: propagated-{i}
            severity: P0
            fault: {"{"} kind: propagated-outage, propagation: 1m {"}"}
            load: {"{"} rate: 1000, target: worker {"}"}
            detect: {"{"} errorRate: 0.50, for: 300ms {"}"}
            recovered: {"{"} errorRate: 0.01, for: 1s {"}"}
            """)).ToArray();
        var reports = Path.Combine(_dir, "reports");

        var run = DrillCli.Run(["drill", "run", .. files, "--report-dir", reports], TimeSpan.FromMinutes(2));

        Assert.True(run.ExitCode is 0 or 3, run.ToString());
        foreach (var i in new[] { 1, 2 })
        {
            var report = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(reports, $"propagated-{i}.json")))!;
            if (report["invalid"] is { } invalid)
            {
                // Invalid is not a verdict: no pass, and the reason is the only failure.
                Assert.False(report["passed"]!.GetValue<bool>());
                Assert.Equal([invalid.GetValue<string>()], report["failures"]!.AsArray().Select(f => f!.GetValue<string>()));
                continue;
            }
            var timeline = report["timelineMs"]!;
            var resolution = report["projection"]!["resolutionMs"]!.GetValue<double>();
            var fault = timeline["fault"]!.GetValue<double>();
            var healed = timeline["healed"]!.GetValue<double>(); // the propagation's end, as the watch saw the simulator end it
            Assert.InRange(timeline["faultSeen"]!.GetValue<double>() - fault, -resolution, resolution);
            Assert.InRange(timeline["recovered"]!.GetValue<double>() - healed, -resolution, resolution);
            var lag = healed - fault - 1200; // the rollback's round trip and the webhook's lag: measured time
            var projected = report["rto"]!["projectedRealWorldMs"]!.GetValue<double>();
            Assert.True(Math.Abs(projected - (60_000 + lag)) <= resolution, $"60000 ms (+{lag:0} ms lag) projected as {projected:0} ms");
        }
    }

    [Fact]
    public void The_rpo_shows_a_restore_that_did_not_stop_writes_first_losing_the_writes_it_kept_taking()
    {
        // The same restore with and without stopping writes: RPO is what was lost, not the harness's schedule, so the
        // report shows where each runbook stopped losing writes.
        var careless = Path.Combine(_dir, "careless-restore.csx");
        var runbook = File.ReadAllText(Path.Combine(DrillCli.RepositoryRoot, "runbooks", "db-restore.csx"));
        runbook = System.Text.RegularExpressions.Regex.Replace(runbook, @"await Step\(""Stop database writes"".*?\n", "");
        runbook = System.Text.RegularExpressions.Regex.Replace(runbook, @"await Step\(""Resume writes"".*?\n", "");
        // The confirmation step goes too (writes were never stopped); the helpers declared after it stay.
        var confirm = runbook.IndexOf("await Step(\"Confirm writes are accepted\"", StringComparison.Ordinal);
        runbook = runbook[..confirm] + runbook[(runbook.IndexOf("});\n", confirm, StringComparison.Ordinal) + 4)..];
        Assert.DoesNotContain("StopWrites", runbook);
        File.WriteAllText(careless, runbook);
        string Restore(string name, string script) => DrillCli.WriteDrill(_dir, name, $"""
            name: {name}
            runbook: {script}
            severity: P0
            fault: {"{"} kind: data-corruption, table: pitches, backupAge: 1m {"}"}
            load: {"{"} rate: 200, target: database, writes: 100 {"}"}
            detect: {"{"} errorRate: 0.10, for: 2m {"}"}
            recovered: {"{"} errorRate: 0.01, for: 1m {"}"}
            rpo: user-data
            """);
        var reports = Path.Combine(_dir, "reports");

        var run = DrillCli.Run(["drill", "run", Restore("careful", "db-restore.csx"), Restore("careless", careless), "--report-dir", reports],
            TimeSpan.FromMinutes(3));

        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        System.Text.Json.Nodes.JsonNode Report(string name) => System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(reports, name + ".json")))!;
        // When each step began and ended on the drill clock, as the report places it.
        (double Start, double End) Step(string drill, string step)
        {
            var s = Report(drill)["steps"]!.AsArray().First(s => s!["name"]!.GetValue<string>() == step)!;
            var start = s["startMs"]!.GetValue<double>();
            return (start, start + s["ms"]!.GetValue<double>());
        }
        double LastLost(string name) => Report(name)["rpo"]!["lastLostMs"]!.GetValue<double>();
        // The careful runbook lost nothing acknowledged after it stopped writes (a write in flight then may still land).
        Assert.True(LastLost("careful") <= Step("careful", "Stop database writes").End + 10,
            $"careful lost a write acknowledged at {LastLost("careful"):0} ms, after it stopped writes at {Step("careful", "Stop database writes").End:0} ms");
        // The careless one kept taking writes through its own backup step, and lost them in the restore.
        Assert.True(LastLost("careless") >= Step("careless", "Back up the current state").Start,
            $"careless lost its last write at {LastLost("careless"):0} ms, before its backup step began at {Step("careless", "Back up the current state").Start:0} ms");
    }

    [Fact]
    public void A_drill_whose_writes_were_never_acknowledged_is_invalid_not_a_loss_free_pass()
    {
        // Every write copies a user under a new key and the unique email refuses it: nothing written, nothing to lose.
        // "0 of 0 lost, within target" would look right for the wrong reason; the run says it measured no RPO.
        var drill = DrillCli.WriteDrill(_dir, "unwritten", """
            name: unwritten
            runbook: db-restore.csx
            severity: P0
            fault: { kind: data-corruption, table: pitches, backupAge: 1m }
            load: { rate: 200, target: database, writes: 50, writesTo: users }
            detect: { errorRate: 0.10, for: 2m }
            recovered: { errorRate: 0.01, for: 1m }
            rpo: user-data
            """);
        var reports = Path.Combine(_dir, "reports");

        var run = DrillCli.Run(["drill", "run", drill, "--report-dir", reports], TimeSpan.FromMinutes(2));

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("no write was acknowledged before the fault (", run.Stdout);
        Assert.Contains("the first with 23505: duplicate key value violates unique constraint \"users_email_key\", into table users (key id)): the RPO had nothing to measure", run.Stdout);
    }

    [Fact]
    public async Task Ctrl_c_during_a_drill_exits_130_and_stops_postgres_and_the_simulator()
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
    public async Task A_drill_killed_with_sigkill_leaves_nothing_running()
    {
        using var process = RunbooksCli.Start(DrillCli.RepositoryRoot,
            ["drill", "run", "db-migration-rollback", "worker-rollback", "--report-dir", Path.Combine(_dir, "reports")]);
        _ = process.StandardError.ReadToEndAsync();
        string? line;
        var seen = new List<string>();
        while ((line = process.StandardOutput.ReadLine()) is not null && !line.Contains("fault injected")) seen.Add(line);
        if (line is null) Assert.Fail(string.Join('\n', seen));
        Assert.NotEmpty(DrillCli.LeftBehindBy(process.Id)); // its PostgreSQL is running now

        process.Kill(); // SIGKILL: no Ctrl-C handler, no dispose, no ProcessExit
        await process.WaitForExitAsync();

        // The simulator was in the process and went with it; the PostgreSQL guardian sees its owner gone and stops the server.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DrillCli.LeftBehindBy(process.Id).Count > 0 && DateTime.UtcNow < deadline) await Task.Delay(200);
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
