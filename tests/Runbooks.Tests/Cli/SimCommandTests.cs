using System.Text.RegularExpressions;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Cli;

/// <summary><c>runbooks sim</c> as a person runs it: the estate's services listed with their URLs, each one answering.</summary>
public sealed partial class SimCommandTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [GeneratedRegex(@"Worker\s+(?<name>\S+)\s+(?<url>http://127\.0\.0\.1:\d+/\S+)")]
    private static partial Regex WorkerLine();

    [Fact]
    public async Task Sim_WithAnEstate_PrintsEachServicesUrl_ServesIt_AndStopsOnCtrlC()
    {
        var estate = Path.Combine(_ws.Root, "team.yaml");
        File.WriteAllText(estate, """
            cloudflare:
              accountId: 7a7b7c7d7e7f70717273747576777879
              workers: [{ name: search-api, health: /live }, { name: search-indexer, health: /ready }]
            """);
        using var process = RunbooksCli.Start(_ws.Root, ["sim", "--estate", estate]);
        try
        {
            await RunAsync(process);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true); // a failed assertion must not leave a simulator running
        }
    }

    private static async Task RunAsync(System.Diagnostics.Process process)
    {
        var stderr = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null && !line.StartsWith("Running;", StringComparison.Ordinal)) lines.Add(line);
        if (line is null) Assert.Fail(string.Join('\n', lines) + await stderr); // the process has ended: its stderr is complete

        var workers = lines.Select(l => WorkerLine().Match(l)).Where(m => m.Success).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["url"].Value);
        using var http = new HttpClient();
        var answer = await http.GetAsync(workers["search-indexer"]);
        RunbooksCli.SendSigint(process);
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);

        Assert.Equal(["search-api", "search-indexer"], workers.Keys);
        Assert.EndsWith("/sim/workers/search-indexer/ready", workers["search-indexer"]);
        Assert.Equal(200, (int)answer.StatusCode);
        Assert.Contains("export CLOUDFLARE_ACCOUNT_ID=7a7b7c7d7e7f70717273747576777879", lines);
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public void Sim_WithAMalformedEstate_IsExit2_NamingLineAndColumn()
    {
        var estate = Path.Combine(_ws.Root, "team.yaml");
        File.WriteAllText(estate, "vercel:\n  projects: [{ name: web, id: web }]\n");

        var r = RunbooksCli.Run(_ws.Root, ["sim", "--estate", estate], null, TimeSpan.FromSeconds(30));

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("team.yaml(2,31): project id 'web' must start with prj_.", r.Stderr);
    }
}
