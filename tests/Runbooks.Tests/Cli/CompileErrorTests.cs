using Runbooks.Tests.Support;

namespace Runbooks.Tests.Cli;

/// <summary>A runbook that does not compile stops with exit 2 and names the file the user wrote.</summary>
public sealed class CompileErrorTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Exec_WhenRunbookHasCompileError_ExitsTwoWithFileLineAndColumn()
    {
        _ws.Runbook("broken.csx", """
            // Broken.
            await Step("One", () => Log("x"));
            var y = undefinedThing + 1;
            """);

        var r = RunbooksCli.Run(_ws.Root, "exec", "broken");

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("runbooks/broken.csx(3,9): error CS0103: The name 'undefinedThing' does not exist in the current context", r.Stderr);
        Assert.False(Directory.Exists(_ws.PathOf(".runbooks/journal")));
    }

    [Fact]
    public void Exec_WhenLoadedFileHasCompileError_NamesTheLoadedFile()
    {
        _ws.Runbook("lib/helpers.csx", """
            int Helper()
            {
                return "not an int";
            }
            """);
        _ws.Runbook("uses-lib.csx", """
            // Uses a broken library.
            #load "lib/helpers.csx"
            await Step("One", () => Log(Helper().ToString()));
            """);

        var r = RunbooksCli.Run(_ws.Root, "exec", "uses-lib");

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("runbooks/lib/helpers.csx(3,12): error CS0029", r.Stderr);
    }

    [Fact]
    public void Check_ReportsEveryRunbooksDiagnosticsAndExitsTwo()
    {
        _ws.Runbook("good.csx", "// Fine.\nLog(\"fine\");\n");
        _ws.Runbook("bad.csx", "// Bad.\nLog(42 +);\n");

        var r = RunbooksCli.Run(_ws.Root, "check");

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("runbooks/bad.csx(2,9): error CS1525", r.Stdout);
        Assert.Contains("runbooks/good.csx: ok", r.Stdout);
        Assert.Contains("2 runbook(s) checked, 1 with errors.", r.Stdout);
    }

    [Fact]
    public void Exec_WhenRunbookThrowsOutsideAStep_NamesTheUsersLineAlsoFromTheCache()
    {
        _ws.Runbook("throws.csx", """
            // Throws at line 4.
            await Step("One", () => Log("x"));
            var items = new List<int>();
            var first = items[3];
            """);

        var cold = RunbooksCli.Run(_ws.Root, "exec", "throws");
        var warm = RunbooksCli.Run(_ws.Root, "exec", "throws", "--json");

        Assert.True(cold.ExitCode == 1, cold.ToString());
        Assert.Contains("ArgumentOutOfRangeException", cold.Stderr);
        Assert.Contains("(at runbooks/throws.csx:4)", cold.Stderr);
        Assert.True(System.Text.Json.JsonDocument.Parse(warm.Stdout).RootElement.GetProperty("fromCache").GetBoolean());
        Assert.Contains("(at runbooks/throws.csx:4)", warm.Stderr);
    }
}
