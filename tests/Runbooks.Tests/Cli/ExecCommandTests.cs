using Runbooks.Tests.Support;

namespace Runbooks.Tests.Cli;

/// <summary><c>runbooks exec</c> as an operator sees it: exit codes, step lines, journal.</summary>
public sealed class ExecCommandTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Exec_WhenEveryStepSucceeds_ExitsZeroAndJournalsEachStep()
    {
        _ws.Runbook("ok.csx", """
            // Two steps that succeed.
            await Step("First", () => Log("one"));
            var n = await Step("Second", () => 41 + 1);
            Log($"result {n}");
            """);

        var r = RunbooksCli.Run(_ws.Root, "exec", "ok");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("[ok] [1] First", r.Stdout);
        Assert.Contains("[ok] [2] Second", r.Stdout);
        var journal = _ws.LatestJournal();
        Assert.Equal(["run.start", "step.start", "log", "step.end", "step.start", "step.end", "log", "run.end"],
            journal.Events.Select(e => e.GetProperty("event").GetString()));
        Assert.Equal([("First", "ok"), ("Second", "ok")], journal.StepOutcomes());
        Assert.Equal("42", journal.Named("step.end").Last().GetProperty("result").GetRawText());
        Assert.Equal("result 42", journal.Named("log").Last().GetProperty("message").GetString());
        Assert.True(journal.Named("step.end").All(e => e.GetProperty("ms").GetInt64() >= 0));
    }

    [Fact]
    public void Exec_WhenAStepThrows_ExitsOneAndLaterStepsDoNotRun()
    {
        _ws.Runbook("fails.csx", """
            // The second step fails.
            await Step("Check", () => Log("fine"));
            await Step("Roll back", () => throw new InvalidOperationException("deployment 42 not found"));
            await Step("Verify", () => File.WriteAllText("verify-ran", "yes"));
            """);

        var r = RunbooksCli.Run(_ws.Root, "exec", "fails");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("Step 'Roll back' failed: deployment 42 not found (at runbooks/fails.csx:3)", r.Stderr);
        Assert.False(_ws.Exists("verify-ran"));
        var journal = _ws.LatestJournal();
        Assert.Equal([("Check", "ok"), ("Roll back", "failed")], journal.StepOutcomes());
        Assert.Equal("deployment 42 not found", journal.Named("step.end").Last().GetProperty("error").GetString());
        Assert.Equal(1, journal.Named("run.end").Single().GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public void Exec_WhenStepIsMarkedContinueOnError_GoesOnAfterItsFailure()
    {
        _ws.Runbook("goes-on.csx", """
            // Purging the cache is nice to have.
            await Step("Purge cache", () => throw new Exception("purge refused"), continueOnError: true);
            await Step("Verify", () => Log("verified"));
            """);

        var r = RunbooksCli.Run(_ws.Root, "exec", "goes-on");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal([("Purge cache", "failed"), ("Verify", "ok")], _ws.LatestJournal().StepOutcomes());
    }

    [Fact]
    public void Exec_WhenStepHasRetries_RunsItAgainUntilItSucceeds()
    {
        _ws.Runbook("flaky.csx", """
            // Fails twice, then works.
            var attempts = 0;
            await Step("Flaky call", () => { if (++attempts < 3) throw new Exception($"attempt {attempts} failed"); },
                retries: 3, retryDelay: TimeSpan.FromMilliseconds(10));
            Log($"took {attempts} attempts");
            """);

        var r = RunbooksCli.Run(_ws.Root, "exec", "flaky");

        Assert.True(r.ExitCode == 0, r.ToString());
        var end = _ws.LatestJournal().Named("step.end").Single();
        Assert.Equal("ok", end.GetProperty("outcome").GetString());
        Assert.Equal(3, end.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public void Exec_WhenStepExceedsItsTimeout_FailsEvenIfTheBodyIgnoresCancellation()
    {
        _ws.Runbook("hangs.csx", """
            // A call that never returns.
            await Step("Hang", async () => await Task.Delay(TimeSpan.FromMinutes(5)), timeout: TimeSpan.FromMilliseconds(200));
            """);

        var r = RunbooksCli.Run(_ws.Root, "exec", "hangs");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("Step 'Hang' failed: timed out after 200 ms", r.Stderr);
    }

    [Fact]
    public void Exec_WhenRequiredParamIsMissing_ExitsTwoNamingItBeforeAnyStep()
    {
        _ws.Runbook("lib/target.csx", """string Target() => Param("worker");""");
        _ws.Runbook("needs.csx", """
            // Needs a worker, read in a loaded file.
            #load "lib/target.csx"
            await Step("Touch", () => File.WriteAllText("touched", "yes"));
            Log(Target());
            """);

        var r = RunbooksCli.Run(_ws.Root, "exec", "needs");

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("needs param 'worker'", r.Stderr);
        Assert.Contains("--param worker=", r.Stderr);
        Assert.False(_ws.Exists("touched"));
    }

    [Fact]
    public void Exec_WhenParamComesFromEnvironment_UsesIt()
    {
        _ws.Runbook("env-param.csx", """
            // Reads the worker.
            await Step("Show", () => Log("worker=" + Param("worker")));
            """);

        var r = RunbooksCli.Run(_ws.Root, ["exec", "env-param"], new Dictionary<string, string?> { ["RUNBOOK_PARAM_WORKER"] = "api-prod" },
            TimeSpan.FromSeconds(60));

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("worker=api-prod", r.Stdout);
    }

    [Fact]
    public void Exec_WhenDestructiveStepHasNoYesAndNoTerminal_ExitsTwoAndDoesNotRunIt()
    {
        _ws.Runbook("destroy.csx", """
            // Deletes things.
            await Step("Safe look", () => Log("looking"));
            await Step("Delete", () => File.WriteAllText("deleted", "yes"), destructive: true);
            """);

        var r = RunbooksCli.Run(_ws.Root, "exec", "destroy");

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("'Delete' is destructive and needs confirmation", r.Stderr);
        Assert.Contains("--yes", r.Stderr);
        Assert.False(_ws.Exists("deleted"));
        Assert.Equal([("Safe look", "ok"), ("Delete", "skipped")], _ws.LatestJournal().StepOutcomes());
    }

    [Fact]
    public void Exec_WithYes_RunsDestructiveStep()
    {
        _ws.Runbook("destroy-yes.csx", """
            // Deletes things.
            await Step("Delete", () => File.WriteAllText("deleted", "yes"), destructive: true);
            """);

        var r = RunbooksCli.Run(_ws.Root, "exec", "destroy-yes", "--yes");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(_ws.Exists("deleted"));
    }

    [Fact]
    public void Exec_WithDryRun_SkipsDestructiveStepAndItsSideEffect()
    {
        _ws.Runbook("dry.csx", """
            // Deletes things.
            await Step("Look", () => File.WriteAllText("looked", "yes"));
            await Step("Delete", () => File.WriteAllText("deleted", "yes"), destructive: true);
            """);

        var r = RunbooksCli.Run(_ws.Root, "exec", "dry", "--dry-run");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(_ws.Exists("looked"));
        Assert.False(_ws.Exists("deleted"));
        Assert.Contains("[skipped] [2] Delete (0 ms): dry run: destructive step would run", r.Stdout);
    }

    [Fact]
    public void Exec_WithJson_PrintsOneResultObjectOnStdout()
    {
        _ws.Runbook("json.csx", """
            // One step.
            await Step("Only", () => Log("hello"));
            """);

        var r = RunbooksCli.Run(_ws.Root, "exec", "json", "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        var o = System.Text.Json.JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal("ok", o.GetProperty("outcome").GetString());
        Assert.Equal("Only", o.GetProperty("steps")[0].GetProperty("name").GetString());
        Assert.EndsWith(".jsonl", o.GetProperty("journal").GetString());
    }

    [Fact]
    public void Exec_WithUnknownOption_ExitsTwo()
    {
        var r = RunbooksCli.Run(_ws.Root, "exec", "x.csx", "--no-such-option");
        Assert.True(r.ExitCode == 2, r.ToString());
    }

    [Fact]
    public void Exec_WhenRunbookDoesNotExist_ExitsTwoSayingWhereItLooked()
    {
        var r = RunbooksCli.Run(_ws.Root, "exec", "missing-runbook");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("Runbook 'missing-runbook' not found", r.Stderr);
        Assert.Contains(Path.Combine(_ws.Root, "runbooks"), r.Stderr);
    }
}
