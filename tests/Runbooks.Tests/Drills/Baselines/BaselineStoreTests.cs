using Runbooks.Core.Timing;
using System.Text.Json.Nodes;
using Runbooks.Core.Errors;
using Runbooks.Drills.Baselines;

namespace Runbooks.Tests.Drills.Baselines;

public sealed class BaselineStoreTests : IDisposable
{
    private static readonly BaselineKey Release002 = new("Release", new TimeScale(0.02));
    private static readonly BaselineKey Release005 = new("Release", new TimeScale(0.05));
    private static readonly BaselineKey Debug002 = new("Debug", new TimeScale(0.02));

    private readonly string _dir = Directory.CreateTempSubdirectory("runbooks-baselines-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private BaselineStore Store(string? json = null)
    {
        var path = Path.Combine(_dir, BaselineStore.FileName);
        if (json is not null) File.WriteAllText(path, json);
        return new BaselineStore(path);
    }

    private static Baseline Measured(BaselineKey key, params double[] ms) => new(key, ms.Select(TimeSpan.FromMilliseconds));

    private static IReadOnlyList<double> SamplesMs(Baseline b) => b.Samples.Select(s => s.TotalMilliseconds).ToList();

    private const string NewFormat = """
        { "about": "x", "drills": {
            "worker-rollback": {
              "Release@0.02": { "samplesMs": [600, 575, 550], "medianMs": 575 },
              "Debug@0.02": { "samplesMs": [1900, 2100], "medianMs": 2000 } },
            "db-restore": { "Release@0.05": { "samplesMs": [2838], "medianMs": 2838 } } } }
        """;

    [Fact]
    public void Find_ReturnsOnlyTheBaselineOfTheRunsOwnKey()
    {
        var store = Store(NewFormat);

        Assert.Equal([600, 575, 550], SamplesMs(store.Find("worker-rollback", Release002)));
        Assert.Equal(TimeSpan.FromMilliseconds(2000), store.Find("worker-rollback", Debug002).Median);
        // db-restore has a Release figure at 0.05 only: a Debug run, or a run at 0.02, has no baseline and compares nothing.
        Assert.False(store.Find("db-restore", new BaselineKey("Debug", new Runbooks.Core.Timing.TimeScale(0.05))).IsRecorded);
        Assert.False(store.Find("db-restore", Release002).IsRecorded);
        Assert.Equal(new BaselineKey("Debug", new Runbooks.Core.Timing.TimeScale(0.05)), store.Find("db-restore", new BaselineKey("Debug", new Runbooks.Core.Timing.TimeScale(0.05))).Key);
        Assert.False(store.Find("no-such-drill", Release002).IsRecorded);
    }

    [Fact]
    public void Find_ADebugRunIsNotComparedWithAReleaseBaseline()
    {
        var store = Store("""{ "drills": { "worker-rollback": { "Release@0.02": { "samplesMs": [575] } } } }""");

        // A cold Debug run ten times slower than the Release figure: not a regression, because nothing is compared.
        var comparison = Runbooks.Drills.Measurement.DrillJudge.CompareBaseline(TimeSpan.FromMilliseconds(5750), store.Find("worker-rollback", Debug002));

        Assert.False(comparison.Compared);
        Assert.False(comparison.Regressed);
        Assert.Equal("No baseline for Debug at time scale 0.02; `runbooks drill baseline --update` records one.", comparison.NotCompared);
    }

    [Fact]
    public void Load_ReadsTheOldFormatAsAReleaseBaselineAtTheDefaultTimeScaleWithOneSample()
    {
        var kept = Store("""{ "about": "old", "drills": { "worker-rollback": { "overheadMs": 575 }, "db-restore": { "overheadMs": 2838 } } }""").Load();

        var baseline = Assert.Single(kept["worker-rollback"]);
        Assert.Equal(Release002, baseline.Key);
        Assert.Equal([575], SamplesMs(baseline.Value));
        Assert.Equal(TimeSpan.FromMilliseconds(575), baseline.Value.Median);
        Assert.Equal([2838], SamplesMs(kept["db-restore"][Release002]));
    }

    [Fact]
    public void Load_OfAMissingFileIsEmpty() => Assert.Empty(Store().Load());

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[1, 2]")]
    [InlineData("""{ "drills": [] }""")]
    [InlineData("""{ "drills": { "worker-rollback": 575 } }""")]
    [InlineData("""{ "drills": { "worker-rollback": { "overheadMs": "fast" } } }""")]
    [InlineData("""{ "drills": { "worker-rollback": { "Release": { "samplesMs": [575] } } } }""")]
    [InlineData("""{ "drills": { "worker-rollback": { "Release@0.02": { "medianMs": 575 } } } }""")]
    [InlineData("""{ "drills": { "worker-rollback": { "Release@0.02": { "samplesMs": [] } } } }""")]
    [InlineData("""{ "drills": { "worker-rollback": { "Release@0.02": { "samplesMs": [575, -1] } } } }""")]
    [InlineData("""{ "drills": { "worker-rollback": { "Release@0.02": { "samplesMs": [575] }, "Release@0.020": { "samplesMs": [575] } } } }""")]
    public void Load_OfAMalformedFileIsOneBadInputSentenceNamingTheFile(string json)
    {
        var store = Store(json);

        var e = Assert.Throws<BadInputException>(() => store.Load());

        Assert.StartsWith(store.Path + ": not a baselines file (", e.Message);
        Assert.EndsWith("; fix it or rewrite it with 'drill baseline --update'.", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void Update_RewritesAnOldFileInTheNewShapeKeepingOtherDrillsAndKeys()
    {
        var store = Store("""{ "drills": { "worker-rollback": { "overheadMs": 575 }, "pages-rollback": { "overheadMs": 543 } } }""");

        var outcome = store.Update(new Dictionary<string, Baseline>
        {
            ["worker-rollback"] = Measured(Release002, 560.4, 590, 580),
            ["db-restore"] = Measured(Release005, 2800),
        }, acceptSlower: false);

        Assert.Equal(["db-restore", "worker-rollback"], outcome.Written);
        Assert.Empty(outcome.Refused);
        var drills = JsonNode.Parse(File.ReadAllText(store.Path))!["drills"]!;
        Assert.Equal("[575,560,590,580]", drills["worker-rollback"]!["Release@0.02"]!["samplesMs"]!.ToJsonString());
        Assert.Equal(578, drills["worker-rollback"]!["Release@0.02"]!["medianMs"]!.GetValue<double>()); // (575 + 580) / 2, rounded
        Assert.Null(drills["worker-rollback"]!["overheadMs"]);
        Assert.Equal("[543]", drills["pages-rollback"]!["Release@0.02"]!["samplesMs"]!.ToJsonString());
        Assert.Equal("[2800]", drills["db-restore"]!["Release@0.05"]!["samplesMs"]!.ToJsonString());
        Assert.Equal([575, 560, 590, 580], SamplesMs(store.Find("worker-rollback", Release002))); // and it reads back
    }

    [Fact]
    public void Update_KeepsAtMostTheLastFiveSamples()
    {
        var store = Store("""{ "drills": { "worker-rollback": { "Release@0.02": { "samplesMs": [500, 510, 520, 530] } } } }""");

        store.Update(new Dictionary<string, Baseline> { ["worker-rollback"] = Measured(Release002, 540, 550, 560) }, acceptSlower: false);

        Assert.Equal([520, 530, 540, 550, 560], SamplesMs(store.Find("worker-rollback", Release002))); // oldest first, oldest dropped
        store.Update(new Dictionary<string, Baseline> { ["worker-rollback"] = Measured(Release002, 1, 2, 3, 4, 5, 6, 7) }, acceptSlower: false);
        Assert.Equal([3, 4, 5, 6, 7], SamplesMs(store.Find("worker-rollback", Release002)));
    }

    [Fact]
    public void Update_RefusesToRaiseAMedianBeyondItsRegressionLimitWithoutAcceptSlower()
    {
        var json = """{ "drills": { "worker-rollback": { "Release@0.02": { "samplesMs": [1000, 1000, 1000] } }, "pages-rollback": { "Release@0.02": { "samplesMs": [500] } } } }""";
        var store = Store(json);
        var slower = new Dictionary<string, Baseline>
        {
            ["worker-rollback"] = Measured(Release002, 3000, 2400, 2600), // median 2600 > 1000 x 1.5 + 750
            ["pages-rollback"] = Measured(Release002, 450, 480, 520),
        };

        var outcome = store.Update(slower, acceptSlower: false);

        Assert.Equal(["pages-rollback"], outcome.Written);
        var refusal = Assert.Single(outcome.Refused);
        Assert.Equal("worker-rollback: not recorded, because its new median of 2,600 ms is beyond the regression limit (2,250 ms) "
            + "of its kept median of 1,000 ms (Release@0.02); pass --accept-slower to record it anyway.", refusal);
        Assert.Equal([1000, 1000, 1000], SamplesMs(store.Find("worker-rollback", Release002)));
        Assert.Equal([500, 450, 480, 520], SamplesMs(store.Find("pages-rollback", Release002)));

        var accepted = store.Update(slower, acceptSlower: true);

        Assert.Empty(accepted.Refused);
        Assert.Equal([1000, 1000, 3000, 2400, 2600], SamplesMs(store.Find("worker-rollback", Release002)));
    }

    [Fact]
    public void Update_WritesALowerOrSimilarMedianAndAFirstBaselineForANewKey()
    {
        var store = Store("""{ "drills": { "worker-rollback": { "Release@0.02": { "samplesMs": [1000] } } } }""");

        var outcome = store.Update(new Dictionary<string, Baseline> { ["worker-rollback"] = Measured(Release002, 2200, 2250, 2100) }, acceptSlower: false);
        var lower = store.Update(new Dictionary<string, Baseline> { ["worker-rollback"] = Measured(Release002, 100) }, acceptSlower: false);
        // A Debug run is far above the Release median, but it is another key: it starts its own baseline.
        var debug = store.Update(new Dictionary<string, Baseline> { ["worker-rollback"] = Measured(Debug002, 9000) }, acceptSlower: false);

        Assert.Empty(outcome.Refused.Concat(lower.Refused).Concat(debug.Refused));
        Assert.Equal([1000, 2200, 2250, 2100, 100], SamplesMs(store.Find("worker-rollback", Release002)));
        Assert.Equal([9000], SamplesMs(store.Find("worker-rollback", Debug002)));
    }
}
