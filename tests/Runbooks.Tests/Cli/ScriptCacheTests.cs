using System.Text.Json;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Cli;

/// <summary>The compile cache: a hit skips Roslyn entirely; a change anywhere in the #load closure recompiles; a corrupt entry is rebuilt.</summary>
public sealed class ScriptCacheTests : IDisposable
{
    private readonly Workspace _ws = new();
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "runbooks-cache-test-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        _ws.Dispose();
        try { Directory.Delete(_cache, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private CliResult Exec(params string[] args)
        => RunbooksCli.Run(_ws.Root, ["exec", .. args, "--json"], new Dictionary<string, string?> { ["RUNBOOKS_CACHE_DIR"] = _cache },
            TimeSpan.FromSeconds(90));

    private static bool FromCache(CliResult r) => JsonDocument.Parse(r.Stdout).RootElement.GetProperty("fromCache").GetBoolean();

    [Fact]
    public void Exec_OnCacheHit_LoadsNoMicrosoftCodeAnalysisAssembly()
    {
        _ws.Runbook("assemblies.csx", """
            // Reports which assemblies the process has loaded.
            await Step("List assemblies", () => Log("loaded: " + string.Join(",", AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name))));
            """);

        var cold = Exec("assemblies");
        var warm = Exec("assemblies");

        Assert.True(cold.ExitCode == 0, cold.ToString());
        Assert.False(FromCache(cold));
        Assert.Contains("Microsoft.CodeAnalysis", cold.Stderr); // the instrument works: a compile does load Roslyn
        Assert.True(FromCache(warm), warm.ToString());
        Assert.Contains("loaded: ", warm.Stderr);
        Assert.DoesNotContain("Microsoft.CodeAnalysis", warm.Stderr);
    }

    [Fact]
    public void Exec_WhenALoadedFileChanges_Recompiles()
    {
        _ws.Runbook("lib/version.csx", """string Version() => "v1";""");
        _ws.Runbook("versioned.csx", """
            // Logs the library's version.
            #load "lib/version.csx"
            Log("version " + Version());
            """);

        var first = Exec("versioned");
        _ws.Runbook("lib/version.csx", """string Version() => "v2";""");
        var second = Exec("versioned");
        var third = Exec("versioned");

        Assert.Contains("version v1", first.Stderr);
        Assert.Contains("version v2", second.Stderr);
        Assert.False(FromCache(second));
        Assert.True(FromCache(third));
    }

    [Fact]
    public void Exec_WhenCacheEntryIsCorrupt_RebuildsIt()
    {
        _ws.Runbook("sturdy.csx", "// Sturdy.\nLog(\"still works\");\n");
        Assert.Equal(0, Exec("sturdy").ExitCode);
        foreach (var dll in Directory.GetFiles(_cache, "*.dll", SearchOption.AllDirectories))
            File.WriteAllBytes(dll, [0x4d, 0x5a, 0, 1, 2, 3]);

        var r = Exec("sturdy");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("still works", r.Stderr);
        Assert.False(FromCache(r));
        Assert.True(FromCache(Exec("sturdy")));
    }

    [Fact]
    public void Exec_WhenTheSameRunbookLivesInAnotherFolder_StillHitsTheCache()
    {
        const string text = "// Same content.\nLog(\"same\");\n";
        _ws.Runbook("same.csx", text);
        using var other = new Workspace();
        other.Runbook("same.csx", text);

        Assert.Equal(0, Exec("same").ExitCode);
        var r = RunbooksCli.Run(other.Root, ["exec", "same", "--json"], new Dictionary<string, string?> { ["RUNBOOKS_CACHE_DIR"] = _cache },
            TimeSpan.FromSeconds(60));

        Assert.True(FromCache(r), r.ToString());
    }
}
