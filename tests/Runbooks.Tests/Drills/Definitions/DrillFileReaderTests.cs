using Runbooks.Drills.Definitions;

namespace Runbooks.Tests.Drills.Definitions;

public sealed class DrillFileReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("drill-files-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(string yaml)
    {
        var path = Path.Combine(_dir, "x.drill.yaml");
        File.WriteAllText(path, yaml.ReplaceLineEndings("\n"));
        return path;
    }

    private const string Valid = """
        name: worker-rollback
        runbook: worker-rollback.csx
        severity: P0
        params: { worker: pitchey-production }
        fault: { kind: bad-deployment, propagation: 20s }
        load: { rate: 200, target: worker }
        detect: { errorRate: 0.10, for: 2m }
        respond: { after: 0s }
        recovered: { errorRate: 0.01, for: 1m }
        """;

    [Fact]
    public void Read_ParsesTheDesignsExample()
    {
        var d = DrillFileReader.Read(Write(Valid));

        Assert.Equal("worker-rollback", d.Name);
        Assert.Equal("pitchey-production", d.Params["worker"]);
        Assert.Equal(TimeSpan.FromSeconds(20), d.Fault.Duration("propagation", TimeSpan.Zero));
        Assert.Equal(new Criterion(0.10, TimeSpan.FromMinutes(2)), d.Detect);
        Assert.Equal(new Criterion(0.01, TimeSpan.FromMinutes(1)), d.Recovered);
        Assert.Equal(200, d.Load.Rate);
    }

    [Fact]
    public void Read_WhenFaultKindIsUnknown_NamesLineAndAllowedKinds()
    {
        var e = Assert.Throws<DrillFileException>(() => DrillFileReader.Read(Write(Valid.Replace("kind: bad-deployment", "kind: bad-deploy")), "drills/x.drill.yaml"));
        Assert.StartsWith("drills/x.drill.yaml(5,", e.Message);
        Assert.Contains("fault kind 'bad-deploy' is unknown; allowed: bad-deployment, bad-pages-deployment", e.Message);
        Assert.Equal(2, e.ExitCode);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("/home/ci")]
    [InlineData("reports/../../x")]
    public void Read_WhenTheNameCouldBeAPath_RefusesIt(string name)
    {
        // The name becomes a work folder the harness empties before the drill: it must not point anywhere else.
        var e = Assert.Throws<DrillFileException>(() => DrillFileReader.Read(Write(Valid.Replace("name: worker-rollback", $"name: '{name}'")), "drills/x.drill.yaml"));
        Assert.StartsWith("drills/x.drill.yaml(1,", e.Message);
        Assert.Contains("must be letters, digits", e.Message);
    }

    [Theory]
    [InlineData("load: { rate: 200, target: kubernetes }", "load target 'kubernetes' is unknown; allowed: worker, pages, vercel, database")]
    [InlineData("load: { rate: 200, target: worker, accept: '2xx,5x' }", "load accept '2xx,5x' is not a list of statuses like 2xx or 2xx,503")]
    [InlineData("load: { rate: 200, target: worker, path: api/health }", "load path 'api/health' must start with '/'")]
    [InlineData("load: { rate: 200, target: worker, accept: 2xx,503 }", "'503' looks like a status cut off from accept: quote a list inside { }")]
    [InlineData("load: { rate: 200, target: database, writes: 50, writesTo: \"public.Pitches\" }", "load writesTo 'public.Pitches' must be a table name: lower-case letters, digits and underscores.")]
    [InlineData("load: { rate: 200, target: database, writesTo: pitches }", "load writesTo needs writes: the rate of acknowledged writes per second.")]
    public void Read_WhenTheLoadIsMalformed_NamesLineAndWhatIsAllowed(string load, string message)
    {
        var e = Assert.Throws<DrillFileException>(() => DrillFileReader.Read(Write(Valid.Replace("load: { rate: 200, target: worker }", load)), "drills/x.drill.yaml"));
        Assert.StartsWith("drills/x.drill.yaml(6,", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("fault: { kind: data-corruption, table: pitches }", "fault 'data-corruption' needs a 'backupAge' (how old the backup a restore goes back to is")]
    [InlineData("fault: { kind: data-corruption, backupAge: nightly }", "fault.backupAge 'nightly' is not a duration: write it with a unit")]
    [InlineData("fault: { kind: data-corruption, backupAge: 6h, format: tar }", "fault.format 'tar' must be custom (pg_dump -Fc) or plain (pg_dump > file.sql).")]
    [InlineData("fault: { kind: data-corruption, backup: tape }", "fault.backup 'tape' must be dump (pg_dump, restored whole) or base (pg_basebackup plus the WAL archive, for point-in-time repair).")]
    [InlineData("fault: { kind: data-corruption, backup: base, backupAge: 6h }", "fault 'data-corruption' with backup: base takes no backupAge or format: a point-in-time repair does not restore the base backup whole.")]
    [InlineData("fault: { kind: stale-cache, status: teapot }", "fault.status 'teapot' must be an HTTP error status, 400 to 599.")]
    [InlineData("fault: { kind: strict-rate-limit, period: 0 }", "fault.period '0' must be a whole number above 0.")]
    public void Read_AFaultSettingItsKindCannotTake_NamesTheLine(string fault, string message)
    {
        var e = Assert.Throws<DrillFileException>(() => DrillFileReader.Read(Write(Valid.Replace("fault: { kind: bad-deployment, propagation: 20s }", fault)), "drills/x.drill.yaml"));
        Assert.StartsWith("drills/x.drill.yaml(5,", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Read_TakesTheLoadsPathAndAcceptedStatuses()
    {
        var d = DrillFileReader.Read(Write(Valid.Replace("load: { rate: 200, target: worker }", "load: { rate: 200, target: worker, path: /api/pitches/public, accept: '2xx,503' }")));
        Assert.Equal("/api/pitches/public", d.Load.Path);
        Assert.Equal("2xx,503", d.Load.Accept);
    }

    [Fact]
    public void Read_WhenDurationHasNoUnit_SaysHowToWriteIt()
    {
        var e = Assert.Throws<DrillFileException>(() => DrillFileReader.Read(Write(Valid.Replace("for: 2m", "for: 120"))));
        Assert.Contains("(7,", e.Message);
        Assert.Contains("'for' '120' is not a duration: write it with a unit", e.Message);
    }

    [Fact]
    public void Read_WhenAKeyIsMisspelt_ListsTheAllowedKeys()
    {
        var e = Assert.Throws<DrillFileException>(() => DrillFileReader.Read(Write(Valid.Replace("recovered:", "recoverd:"))));
        Assert.Contains("(9,1): 'recoverd' is not a top level key; allowed: name, runbook", e.Message);
    }

    [Fact]
    public void Read_WhenRunbookIsMissingForAFaultThatNeedsOne_SaysSo()
    {
        var e = Assert.Throws<DrillFileException>(() => DrillFileReader.Read(Write(Valid.Replace("runbook: worker-rollback.csx\n", ""))));
        Assert.Contains("'runbook' is required for fault kind 'bad-deployment'", e.Message);
    }

    [Fact]
    public void Read_WhenYamlIsBroken_NamesTheLine()
    {
        var e = Assert.Throws<DrillFileException>(() => DrillFileReader.Read(Write("name: x\nfault: { kind: outage\nload: 3\n")));
        Assert.Contains("not valid YAML", e.Message);
    }

    [Fact]
    public void Read_TakesAP95LatencyThresholdBesideOrInsteadOfAnErrorRate()
    {
        var d = DrillFileReader.Read(Write(Valid
            .Replace("detect: { errorRate: 0.10, for: 2m }", "detect: { p95: 1000ms, for: 2m }")
            .Replace("recovered: { errorRate: 0.01, for: 1m }", "recovered: { errorRate: 0.01, p95: 1.5s, for: 1m }")));

        Assert.Null(d.Detect.ErrorRate);
        Assert.Equal(TimeSpan.FromMilliseconds(1000), d.Detect.P95!.Absolute);
        Assert.Equal(TimeSpan.FromMinutes(2), d.Detect.For);
        Assert.Equal(0.01, d.Recovered.ErrorRate);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), d.Recovered.P95!.Resolve(warmUpP95: null));
        Assert.Equal("p95 > 1000ms", d.Detect.Describe(detect: true));
        Assert.Equal("< 1% errors and p95 < 1500ms", d.Recovered.Describe(detect: false));
    }

    [Fact]
    public void Read_TakesSeed001sRelativeRule_AsAnIncreaseOverTheWarmUpsP95()
    {
        // Seed 001: "Performance Degradation 200-300%: Monitor for 10 minutes".
        var d = DrillFileReader.Read(Write(Valid.Replace("detect: { errorRate: 0.10, for: 2m }", "detect: { p95: +200%, for: 10m }")));

        Assert.True(d.Detect.P95!.IsRelative);
        Assert.Equal(TimeSpan.FromMinutes(10), d.Detect.For);
        // +200% is three times the healthy p95, and nothing without one.
        Assert.Equal(TimeSpan.FromMilliseconds(900), d.Detect.P95.Resolve(TimeSpan.FromMilliseconds(300)));
        Assert.Null(d.Detect.P95.Resolve(null));
        Assert.Equal("p95 > +200% of the warm-up's 300 ms (900 ms)", d.Detect.Describe(detect: true, TimeSpan.FromMilliseconds(300)));
    }

    [Theory]
    [InlineData("detect: { p95: fast, for: 2m }", "(7,16): 'p95' 'fast' is not a latency: write a duration with a unit, like 1000ms or 1.5s, or an increase over the warm-up's p95, like +200%.")]
    [InlineData("detect: { p95: 1000, for: 2m }", "(7,16): 'p95' '1000' is not a latency: write a duration with a unit")]
    [InlineData("detect: { p95: 0ms, for: 2m }", "(7,16): 'p95' '0ms' is not a latency")]
    [InlineData("detect: { p95: +0%, for: 2m }", "(7,16): 'p95' '+0%' is not a latency")]
    [InlineData("detect: { p95: 200%, for: 2m }", "(7,16): 'p95' '200%' is not a latency")]
    [InlineData("detect: { for: 2m }", "(7,9): 'detect' needs 'errorRate' (like 0.01), 'p95' (like 1000ms or +200%), or both.")]
    [InlineData("detect: { p99: 1000ms, for: 2m }", "(7,11): 'p99' is not a detect key; allowed: errorRate, p95, for.")]
    public void Read_WhenALatencyCriterionIsMalformed_NamesTheLineAndColumnAndHowToWriteIt(string detect, string message)
    {
        var e = Assert.Throws<DrillFileException>(() => DrillFileReader.Read(Write(Valid.Replace("detect: { errorRate: 0.10, for: 2m }", detect)), "drills/x.drill.yaml"));
        Assert.StartsWith("drills/x.drill.yaml" + message, e.Message);
        Assert.Equal(2, e.ExitCode);
    }

    [Fact]
    public void Read_TakesTheSlowDeploymentFault_AndRefusesOneWithoutAnHonestLatency()
    {
        var d = DrillFileReader.Read(Write(Valid.Replace("kind: bad-deployment, propagation: 20s", "kind: slow-deployment, latency: 1500ms, propagation: 20s")));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), d.Fault.Duration("latency", TimeSpan.Zero));

        var missing = Assert.Throws<DrillFileException>(() => DrillFileReader.Read(Write(Valid.Replace("kind: bad-deployment", "kind: slow-deployment")), "drills/x.drill.yaml"));
        Assert.StartsWith("drills/x.drill.yaml(5,8): fault 'slow-deployment' needs a 'latency'", missing.Message);
        var bare = Assert.Throws<DrillFileException>(() => DrillFileReader.Read(Write(Valid.Replace("kind: bad-deployment", "kind: slow-deployment, latency: 1500")), "drills/x.drill.yaml"));
        Assert.Contains("fault.latency '1500' is not a duration: write it with a unit", bare.Message);
        var zero = Assert.Throws<DrillFileException>(() => DrillFileReader.Read(Write(Valid.Replace("kind: bad-deployment", "kind: slow-deployment, latency: 0ms")), "drills/x.drill.yaml"));
        Assert.Contains("fault.latency '0ms' must be above 0", zero.Message);
    }

    [Fact]
    public void The_slow_deployment_fault_is_in_the_catalog_after_the_kinds_drills_and_messages_show_first()
    {
        var kinds = Runbooks.Drills.Faults.FaultCatalog.Kinds.Keys.ToList();
        Assert.True(kinds.IndexOf("slow-deployment") > kinds.IndexOf("bad-releases"));
        Assert.Equal(["bad-deployment", "bad-pages-deployment", "vercel-bad-deployment"], kinds.Take(3));
        Assert.IsType<Runbooks.Drills.Faults.SlowDeploymentFault>(Runbooks.Drills.Faults.FaultCatalog.Kinds["slow-deployment"]
            .Create(DrillFileReader.Read(Write(Valid.Replace("kind: bad-deployment", "kind: slow-deployment, latency: 1500ms"))), Runbooks.Core.Timing.TimeScale.RealTime));
    }
}
