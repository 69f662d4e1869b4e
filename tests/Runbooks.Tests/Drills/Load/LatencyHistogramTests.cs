using Runbooks.Drills.Load;

namespace Runbooks.Tests.Drills.Load;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentile_IsWithinTwoPercentOfTheExactValue()
    {
        var h = new LatencyHistogram();
        for (var ms = 1; ms <= 1000; ms++) h.Record(TimeSpan.FromMilliseconds(ms));

        Assert.Equal(1000, h.Count);
        Assert.InRange(h.Percentile(50).TotalMilliseconds, 500, 510);
        Assert.InRange(h.Percentile(99).TotalMilliseconds, 990, 1000);
        Assert.Equal(TimeSpan.FromMilliseconds(1000), h.Max);
        Assert.Equal(TimeSpan.Zero, new LatencyHistogram().Percentile(99));
    }
}
