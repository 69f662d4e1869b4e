using Runbooks.Tests.Support;

namespace Runbooks.Tests.Cli;

/// <summary>A runbook that runs another as a sub-procedure (<c>await Run("name", ...)</c>), as the operator and the journal see it.</summary>
public sealed class SubProcedureTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private void Child() => _ws.Runbook("child.csx", """
        // A procedure of its own, run alone or by another.
        var who = Param("who");
        await Step("Greet", () => Log($"hello {who}"));
        if (Param("fail", "no") == "yes") await Step("Break", () => Fail("the child broke"));
        """);

    [Fact]
    public void TheChildsStepsNestUnderItsName_InTheJournalAndOnTheConsole_BetweenTheParentsOwn()
    {
        Child();
        _ws.Runbook("parent.csx", """
            // Runs child twice with different params.
            await Step("Before", () => Log("start"));
            await Run("child", ("who", "ada"));
            await Run("child", ("who", "bob"));
            await Step("After", () => Log("end"));
            """);

        var r = RunbooksCli.Run(_ws.Root, "exec", "parent");

        Assert.True(r.ExitCode == 0, r.ToString());
        var journal = _ws.LatestJournal();
        Assert.Equal([("Before", "ok"), ("child/Greet", "ok"), ("child/Greet", "ok"), ("After", "ok")], journal.StepOutcomes());
        Assert.Equal(["child", "child"], journal.Named("procedure.start").Select(e => e.GetProperty("procedure").GetString()));
        Assert.Equal("bob", journal.Named("procedure.start").Last().GetProperty("params").GetProperty("who").GetString());
        Assert.All(journal.Named("procedure.end"), e => Assert.Equal("ok", e.GetProperty("outcome").GetString()));
        Assert.Contains("[ok] [2] child/Greet", r.Stdout);
        Assert.Contains("hello bob", r.Stdout);
    }

    [Fact]
    public void AFailedStepInTheChild_FailsTheParent_NamingTheNestedStep_AndLaterParentStepsDoNotRun()
    {
        Child();
        _ws.Runbook("parent.csx", """
            // The child fails.
            await Run("child", ("who", "ada"), ("fail", "yes"));
            await Step("After", () => Log("never"));
            """);

        var r = RunbooksCli.Run(_ws.Root, "exec", "parent");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("Step 'child/Break' failed: the child broke", r.Stderr);
        var journal = _ws.LatestJournal();
        Assert.Equal("failed", journal.Named("procedure.end").Single().GetProperty("outcome").GetString());
        Assert.DoesNotContain(journal.StepOutcomes(), s => s.Step == "After");
    }

    [Fact]
    public void AChildParamTheParentDoesNotGive_ExitsTwo_NamingTheChildAndTheParam_BeforeAnyChildStep()
    {
        Child();
        _ws.Runbook("parent.csx", """
            // Forgets who.
            await Run("child");
            """);

        var r = RunbooksCli.Run(_ws.Root, "exec", "parent", "--param", "who=given-to-the-parent-only");

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("child.csx (run by parent.csx)", r.Stderr);
        Assert.Contains("who", r.Stderr);
        Assert.Empty(_ws.LatestJournal().StepOutcomes());
    }

    [Fact]
    public void AnUnknownChild_ExitsTwo_SayingWhereItLooked()
    {
        _ws.Runbook("parent.csx", """
            // Names a runbook that is not there.
            await Run("no-such-runbook");
            """);

        var r = RunbooksCli.Run(_ws.Root, "exec", "parent");

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("Runbook 'no-such-runbook' not found", r.Stderr);
    }
}
