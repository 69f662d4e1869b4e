using Runbooks.Core.Catalog;

namespace Runbooks.Tests.Core;

public sealed class RunbookHeaderTests
{
    [Fact]
    public void Parse_ReadsDescriptionSeverityAndRecoveryFromLeadingComments()
    {
        var h = RunbookHeader.Parse([
            "#!/usr/bin/env runbooks", "// Roll back the Worker.", "// Severity: P0", "// Recovery: 3-5 minutes", "", "// not header",
            "Log(\"x\");", "// Severity: P3",
        ]);

        Assert.Equal(new RunbookHeader("Roll back the Worker.", "P0", "3-5 minutes"), h);
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("2m", 120)]
    [InlineData("3-5 minutes", 300)]
    [InlineData("1 hour", 3600)]
    [InlineData("500ms", 0.5)]
    public void ParseDuration_ReadsTheSeedsWayOfWritingTimes(string text, double seconds)
        => Assert.Equal(TimeSpan.FromSeconds(seconds), RunbookHeader.ParseDuration(text));

    [Fact]
    public void ParseDuration_ReturnsNullForTextItCannotRead()
        => Assert.Null(RunbookHeader.ParseDuration("soon"));
}
