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
    public void Read_ADataCorruptionWithoutAnHonestBackupAge_NamesTheLine(string fault, string message)
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
}
