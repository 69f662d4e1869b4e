using System.Text.Json.Nodes;
using System.Xml.Linq;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Drills.Harness;

/// <summary>
/// <c>runbooks drill run --all</c> once per test run, as CI runs it: every drill in <c>drills/</c> against embedded
/// PostgreSQL and the simulator. The tests read its exit code, console and reports.
/// </summary>
public sealed class DrillSuiteRun : IDisposable
{
    public DrillSuiteRun()
    {
        Reports = Directory.CreateTempSubdirectory("runbooks-drill-suite-").FullName;
        Run = DrillCli.Run(["drill", "run", "--all", "--report-dir", Reports], TimeSpan.FromMinutes(5));
    }

    public DrillCliRun Run { get; }

    public string Reports { get; }

    public JsonNode Report(string drill) => JsonNode.Parse(File.ReadAllText(Path.Combine(Reports, drill + ".json")))!;

    public XDocument JUnit => XDocument.Load(Path.Combine(Reports, "junit.xml"));

    public void Dispose() => Directory.Delete(Reports, recursive: true);
}

/// <summary>One finished CLI process: its pid (to look for what it left behind), exit code and output.</summary>
public sealed record DrillCliRun(int Pid, int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

public static class DrillCli
{
    public static string RepositoryRoot => PostgresServer.RepositoryRoot;

    /// <summary>Where the drills the tests run record their history, so the repository's own history holds only real runs.</summary>
    public static readonly string TestHistory = Path.Combine(Path.GetTempPath(), "runbooks-test-history-" + Environment.ProcessId);

    public static DrillCliRun Run(string[] args, TimeSpan timeout)
    {
        if (args is ["drill", "run", ..] && !args.Contains("--history-dir")) args = [.. args, "--history-dir", TestHistory];
        using var process = RunbooksCli.Start(RepositoryRoot, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"runbooks {string.Join(' ', args)} did not exit within {timeout}.");
        }
        return new DrillCliRun(process.Id, process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The processes a CLI process started that are still running (postgres; the simulator is in-process).</summary>
    public static IReadOnlyList<string> LeftBehindBy(int pid)
    {
        var left = new List<string>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var candidate)) continue;
            string cmdline;
            try { cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' '); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (cmdline.Contains($"runbooks-pg-{pid}-", StringComparison.Ordinal)) left.Add($"{candidate}: {cmdline.Trim()}");
        }
        return left;
    }

    public static string WriteDrill(string directory, string name, string yaml)
    {
        var path = Path.Combine(directory, name + ".drill.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
