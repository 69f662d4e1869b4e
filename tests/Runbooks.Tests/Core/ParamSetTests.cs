using Runbooks.Core.Errors;
using Runbooks.Core.Params;

namespace Runbooks.Tests.Core;

public sealed class ParamSetTests
{
    [Fact]
    public void TryGet_PrefersCommandLineOverEnvironment()
    {
        var env = new Dictionary<string, string> { ["RUNBOOK_PARAM_WORKER"] = "from-env", ["RUNBOOK_PARAM_ZONE_ID"] = "z1" };
        var set = new ParamSet(new Dictionary<string, string> { ["worker"] = "from-cli" }, n => env.GetValueOrDefault(n));

        Assert.Equal("from-cli", set.TryGet("worker"));
        Assert.Equal("z1", set.TryGet("zone-id"));
        Assert.Null(set.TryGet("absent"));
    }

    [Fact]
    public void ParsePairs_KeepsEqualsSignsInValuesAndRejectsPairsWithoutOne()
    {
        Assert.Equal("a=b", ParamSet.ParsePairs(["q=a=b"])["q"]);
        var e = Assert.Throws<BadInputException>(() => ParamSet.ParsePairs(["worker"]));
        Assert.Contains("'worker' is not of the form name=value", e.Message);
    }

    [Fact]
    public void EnsurePresent_NamesEveryMissingParam()
    {
        var set = new ParamSet(new Dictionary<string, string> { ["a"] = "1" }, _ => null);
        var e = Assert.Throws<BadInputException>(() => set.EnsurePresent(["a", "worker", "zone"], "rb.csx"));
        Assert.Contains("rb.csx needs params worker, zone", e.Message);
    }
}
