using System.Globalization;
using Runbooks.Drills.Baselines;

namespace Runbooks.Tests.Drills.Baselines;

public sealed class BaselineKeyTests
{
    [Fact]
    public void ToString_IsConfigurationAtTheInvariantTimeScaleWhateverTheCulture()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE"); // writes 0,02
            Assert.Equal("Release@0.02", new BaselineKey("Release", new Runbooks.Core.Timing.TimeScale(0.02)).ToString());
            Assert.Equal("Debug@0.05", BaselineKey.TryParse("Debug@0.05")!.ToString());
            Assert.Equal("Release@1", new BaselineKey("Release", new Runbooks.Core.Timing.TimeScale(1)).ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void TryParse_ReadsWhatToStringWritesAndEqualKeysAreEqual()
    {
        Assert.Equal(new BaselineKey("Release", new Runbooks.Core.Timing.TimeScale(0.05)), BaselineKey.TryParse("Release@0.05"));
        Assert.NotEqual(new BaselineKey("Debug", new Runbooks.Core.Timing.TimeScale(0.02)), BaselineKey.TryParse("Release@0.02"));
        Assert.NotEqual(new BaselineKey("Release", new Runbooks.Core.Timing.TimeScale(0.05)), BaselineKey.TryParse("Release@0.02"));
    }

    [Theory]
    [InlineData("Release")]
    [InlineData("@0.02")]
    [InlineData("Release@")]
    [InlineData("Release@fast")]
    [InlineData("Release@0,02")]
    [InlineData("Release@0")]
    [InlineData("Release@2")]
    [InlineData("Release@1e-2")]
    [InlineData(" Release@0.02")]
    public void TryParse_RefusesWhatIsNotAKey(string text) => Assert.Null(BaselineKey.TryParse(text));

    [Fact]
    public void For_IsKeyedByTheBuildConfigurationOfTheRunningDrillsAssembly()
    {
        // The test project is built in the configuration of the code under test (dotnet test: Debug unless -c Release).
#if DEBUG
        Assert.Equal("Debug@0.02", BaselineKey.For(new Runbooks.Core.Timing.TimeScale(0.02)).ToString());
#else
        Assert.Equal("Release@0.02", BaselineKey.For(new Runbooks.Core.Timing.TimeScale(0.02)).ToString());
#endif
    }
}
