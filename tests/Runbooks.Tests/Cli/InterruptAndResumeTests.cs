using System.Diagnostics;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Cli;

/// <summary>Ctrl-C cancels and exits 130 within seconds; a killed run resumes from its journal without repeating done steps.</summary>
public sealed class InterruptAndResumeTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private static void WaitForJournal(string path, string text, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(path) && File.ReadAllText(path).Contains(text)) return;
            if (process.HasExited) throw new Xunit.Sdk.XunitException($"CLI exited ({process.ExitCode}) before the journal showed {text}: {process.StandardError.ReadToEnd()}");
            Thread.Sleep(50);
        }
        throw new TimeoutException($"journal never showed {text}");
    }

    [Fact]
    public void Exec_OnSigintMidStep_ExitsWith130WithinSecondsAndJournalsTheStepCancelled()
    {
        _ws.Runbook("slow.csx", """
            // A step that ignores cancellation.
            await Step("Quick", () => Log("quick"));
            await Step("Slow", async () => await Task.Delay(TimeSpan.FromMinutes(5)));
            await Step("Never", () => File.WriteAllText("never", "ran"));
            """);
        var journal = _ws.PathOf("j.jsonl");
        using var cli = RunbooksCli.Start(_ws.Root, ["exec", "slow", "--journal", journal]);
        WaitForJournal(journal, "\"step\":\"Slow\"", cli);

        var signalled = Stopwatch.StartNew();
        RunbooksCli.SendSigint(cli);
        Assert.True(cli.WaitForExit(TimeSpan.FromSeconds(10)), "CLI did not exit within 10 s of SIGINT");
        signalled.Stop();

        Assert.Equal(130, cli.ExitCode);
        Assert.True(signalled.Elapsed < TimeSpan.FromSeconds(5), $"took {signalled.Elapsed}");
        var events = Journal.Load(journal);
        Assert.Equal([("Quick", "ok"), ("Slow", "cancelled")], events.StepOutcomes());
        Assert.Equal("cancelled", events.Named("run.end").Single().GetProperty("outcome").GetString());
        Assert.False(_ws.Exists("never"));
    }

    [Fact]
    public void ExecResume_AfterAKill_SkipsCompletedStepsAndRestoresTheirResults()
    {
        _ws.Runbook("resumable.csx", """
            // Dies in the third step the first time.
            await Step("Count", () => File.AppendAllText("count", "x"));
            var id = await Step("Pick deployment", () => "dep-" + Guid.NewGuid().ToString("N")[..6]);
            await Step("Wait for go", async () => { while (!File.Exists("go")) await Task.Delay(50); });
            await Step("Finish", () => File.WriteAllText("finished", id + " " + Param("note", "none")));
            """);
        var journal = _ws.PathOf("run.jsonl");
        string firstId;
        using (var cli = RunbooksCli.Start(_ws.Root, ["exec", "resumable", "--journal", journal, "--param", "note=first"]))
        {
            WaitForJournal(journal, "\"step\":\"Wait for go\"", cli);
            cli.Kill(entireProcessTree: true); // the machine is lost: no chance to clean up
            cli.WaitForExit();
            firstId = Journal.Load(journal).Named("step.end").Last().GetProperty("result").GetString()!;
        }
        _ws.Write("go", "");

        var r = RunbooksCli.Run(_ws.Root, "exec", "--resume", journal);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("x", _ws.Read("count"));
        Assert.Equal(firstId + " first", _ws.Read("finished")); // result restored, param taken from the journal
        Assert.Contains("completed in run.jsonl", r.Stdout);
        var events = Journal.Load(journal);
        Assert.Single(events.Named("run.resume"));
        Assert.Equal(
            [("Count", "ok"), ("Pick deployment", "ok"), ("Count", "skipped"), ("Pick deployment", "skipped"), ("Wait for go", "ok"), ("Finish", "ok")],
            events.StepOutcomes());
    }
}
