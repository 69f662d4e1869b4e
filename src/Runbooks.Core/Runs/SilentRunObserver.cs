using Runbooks.Core.Steps;

namespace Runbooks.Core.Runs;

/// <summary>An observer that shows nothing: for runs whose steps nobody watches live (a drill without --verbose, tests).</summary>
public sealed class SilentRunObserver : IRunObserver
{
    /// <summary>The one instance; it holds no state.</summary>
    public static SilentRunObserver Instance { get; } = new();

    private SilentRunObserver() { }

    /// <inheritdoc />
    public void StepStarted(string name, int index, bool destructive) { }

    /// <inheritdoc />
    public void StepEnded(StepResult result) { }

    /// <inheritdoc />
    public void Logged(string message) { }
}
