using Runbooks.Core.Steps;

namespace Runbooks.Tests.Core;

public sealed class StepOptionsTests
{
    [Fact]
    public void Validate_RejectsMeaninglessOptionsNamingTheStep()
    {
        Assert.Contains("'Roll back': timeout must be positive",
            Assert.Throws<ArgumentException>(() => new StepOptions { Timeout = TimeSpan.Zero }.Validate("Roll back")).Message);
        Assert.Contains("retries must be between 0 and 100",
            Assert.Throws<ArgumentException>(() => new StepOptions { Retries = -1 }.Validate("x")).Message);
    }
}
