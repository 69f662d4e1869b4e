using Microsoft.Extensions.Time.Testing;
using Runbooks.Core.Errors;
using Runbooks.Drills.History;
using Runbooks.Tests.Drills.Reports;

namespace Runbooks.Tests.Drills.History;

public sealed class DrillHistoryStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("drill-history-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Each_append_is_one_line_of_the_drills_file_and_reads_back_as_written()
    {
        var store = new DrillHistoryStore(_dir);
        var first = HistoryRecords.Run(0, 112.4) with { Rpo = new HistoryRpo("user-data", 21_600_000, 12, 0, 300_000, "BREACH") };
        var second = HistoryRecords.Run(1, null, result: DrillHistoryRecord.Invalid) with { Commit = null, RunbookWorkMs = null, Phases = [] };

        store.Append(first);
        store.Append(second);
        store.Append(HistoryRecords.Run(0, 9, drill: "calibration"));

        Assert.Equal(2, File.ReadAllLines(store.PathOf("worker-rollback")).Length);
        var read = store.Read("worker-rollback");
        Assert.Equal(2, read.Count);
        Assert.Equal(first.When, read[0].When);
        Assert.Equal(first.Rpo, read[0].Rpo);
        Assert.Equal(first.Phases, read[0].Phases);
        Assert.Equal(first with { Phases = read[0].Phases }, read[0]);
        Assert.Null(read[1].Commit);
        Assert.Null(read[1].ProjectedRtoMs);
        Assert.Equal(DrillHistoryRecord.Invalid, read[1].Result);
        Assert.Equal(["calibration", "worker-rollback"], store.Drills());
        Assert.Empty(store.Read("never-ran"));
    }

    [Fact]
    public void The_line_names_its_fields_as_the_json_report_does()
    {
        var store = new DrillHistoryStore(_dir);
        store.Append(HistoryRecords.Run(0, 112.4));
        var line = File.ReadAllText(store.PathOf("worker-rollback"));
        foreach (var field in new[] { "\"when\":", "\"commit\":", "\"environment\":\"simulated\"", "\"timeScale\":0.02", "\"severity\":\"P0\"",
                     "\"rtoTargetMs\":120000", "\"rtoAcceptableMs\":300000", "\"projectedRtoMs\":112400", "\"rtoVerdict\":\"within target\"",
                     "\"rpo\":null", "\"phases\":[{\"name\":\"alert rule window\"", "\"result\":\"pass\"", "\"runbookWorkMs\":1500" })
            Assert.Contains(field, line);
        Assert.EndsWith("}\n", line);
    }

    [Theory]
    [InlineData("{\"drill\":", "not a drill history record")]
    [InlineData("", "an empty line")]
    [InlineData("{\"drill\":\"worker-rollback\"}", "not a drill history record")]
    public void A_malformed_line_is_bad_input_naming_the_file_and_the_line_never_skipped(string bad, string reason)
    {
        var store = new DrillHistoryStore(_dir);
        store.Append(HistoryRecords.Run(0, 100));
        File.AppendAllText(store.PathOf("worker-rollback"), bad + "\n");
        store.Append(HistoryRecords.Run(2, 100));

        var e = Assert.Throws<BadInputException>(() => store.Read("worker-rollback"));
        Assert.StartsWith($"{store.PathOf("worker-rollback")}:2: ", e.Message);
        Assert.Contains(reason, e.Message);
        Assert.Equal(2, e.ExitCode);
    }

    [Fact]
    public void A_record_with_an_unknown_result_is_malformed()
    {
        var store = new DrillHistoryStore(_dir);
        store.Append(HistoryRecords.Run(0, 100, result: "maybe"));
        var e = Assert.Throws<BadInputException>(() => store.Read("worker-rollback"));
        Assert.Contains(":1: not a drill history record (result 'maybe' is none of pass, fail, invalid)", e.Message);
    }

    [Fact]
    public void The_recorder_stamps_a_drill_result_with_the_clock_the_commit_and_the_environment()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 30, 0, TimeSpan.FromHours(2)));
        var recorder = new DrillHistoryRecorder(new DrillHistoryStore(_dir), "staging", "abc1234def", clock);
        var result = SampleResults.WorkerRollback(recoveredAt: 6.0);

        var written = recorder.Record(result);

        var read = Assert.Single(new DrillHistoryStore(_dir).Read("worker-rollback"));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 6, 30, 0, TimeSpan.Zero), read.When);
        Assert.Equal(TimeSpan.Zero, read.When.Offset);
        Assert.Equal(("abc1234def", "staging", "P0", 0.02), (read.Commit, read.Environment, read.Severity, read.TimeScale));
        Assert.Equal(result.RtoObjective.Target.TotalMilliseconds, read.RtoTargetMs);
        Assert.Equal(result.RtoObjective.Acceptable.TotalMilliseconds, read.RtoAcceptableMs);
        Assert.Equal(Math.Round(result.ProjectedRto!.Value.TotalMilliseconds, 1), read.ProjectedRtoMs);
        Assert.Equal(result.Passed ? "pass" : "fail", read.Result);
        Assert.Equal(result.Projection!.Phases.Select(p => p.Name), read.Phases.Select(p => p.Name));
        Assert.Equal(written.ProjectedRtoMs, read.ProjectedRtoMs);
    }

    [Fact]
    public void Without_GITHUB_SHA_the_commit_is_the_checkouts_HEAD_and_outside_a_checkout_null()
    {
        Assert.Equal("feedface", GitCommit.Resolve(_dir, name => name == "GITHUB_SHA" ? "feedface" : null));
        Assert.Null(GitCommit.Resolve(_dir, _ => null));
        Assert.Matches("^[0-9a-f]{40}$", GitCommit.Resolve(AppContext.BaseDirectory, _ => null));
    }
}
