using Runbooks.Tests.Support;

namespace Runbooks.Tests.Cli;

/// <summary><c>drill baseline</c> without <c>--update</c>: reads <c>drills/baselines.json</c>, runs no drill.</summary>
public sealed class DrillBaselineCommandTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Baseline_ShowsEachKeyWithItsMedianAndAMalformedFileOrAStrayRunsExits2InOneSentence()
    {
        _ws.Write("drills/baselines.json", """
            { "drills": { "worker-rollback": { "overheadMs": 575 },
                          "db-restore": { "Release@0.05": { "samplesMs": [2900, 2838, 2700] }, "Debug@0.05": { "samplesMs": [4100] } } } }
            """);

        var shown = RunbooksCli.Run(_ws.Root, "drill", "baseline");
        var stray = RunbooksCli.Run(_ws.Root, "drill", "baseline", "--runs", "5");
        _ws.Write("drills/baselines.json", """{ "drills": { "worker-rollback": { "Release@0.02": { "samplesMs": "575" } } } }""");
        var malformed = RunbooksCli.Run(_ws.Root, "drill", "baseline");

        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Matches(@"db-restore\s+Debug@0\.05\s+median 4100 ms of 1 run\(s\)", shown.Stdout);
        Assert.Matches(@"db-restore\s+Release@0\.05\s+median 2838 ms of 3 run\(s\): 2900, 2838, 2700 ms", shown.Stdout);
        Assert.Matches(@"worker-rollback\s+Release@0\.02\s+median 575 ms of 1 run\(s\)", shown.Stdout);
        Assert.True(stray.ExitCode == 2, stray.ToString());
        Assert.Equal("error: --runs and --accept-slower only apply with --update.", stray.Stderr.Trim());
        Assert.True(malformed.ExitCode == 2, malformed.ToString());
        Assert.Equal($"error: {_ws.PathOf("drills/baselines.json")}: not a baselines file (drill 'worker-rollback', key Release@0.02: samplesMs is not a "
            + "non-empty list of milliseconds); fix it or rewrite it with 'drill baseline --update'.", malformed.Stderr.Trim());
    }
}
