using Runbooks.Drills.Definitions;

namespace Runbooks.Tests.Drills.Definitions;

public sealed class StatusAcceptanceTests
{
    [Fact]
    public void A_class_and_a_single_status_are_served_and_nothing_else_is()
    {
        // Maintenance mode: a 503 maintenance page is a controlled answer, a 500 or a redirect is not.
        var accept = StatusAcceptance.Parse("2xx, 503");
        Assert.All(new[] { 200, 204, 299, 503 }, s => Assert.True(accept.Accepts(s), $"{s} should be served"));
        Assert.All(new[] { 199, 302, 500, 502, 504, -1, 600 }, s => Assert.False(accept.Accepts(s), $"{s} should not be served"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("6xx")]
    [InlineData("2x")]
    [InlineData("2xx,5x3")]
    [InlineData("99")]
    [InlineData("ok")]
    public void Anything_but_Nxx_or_a_status_from_100_to_599_is_refused(string text)
    {
        Assert.False(StatusAcceptance.TryParse(text, out _));
        Assert.Throws<FormatException>(() => StatusAcceptance.Parse(text));
    }
}
