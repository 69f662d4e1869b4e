using Runbooks.Core.Runs;
using Runbooks.Core.Steps;

namespace Runbooks.Drills.Harness;

/// <summary>
/// Passes a runbook's steps on to the console's observer and notes, on the drill's clock, when the first destructive
/// step began: from then on the runbook is changing things, and an acknowledged write lost after it is the runbook's
/// doing (a restore that did not stop writes first).
/// </summary>
public sealed class StepTimeline(IRunObserver inner, TimeProvider time) : IRunObserver
{
    private long _firstChange; // 0: none yet

    /// <summary>When the first destructive step of the current runbook began, as a timestamp of the clock; null if none did.</summary>
    public long? FirstChange => Interlocked.Read(ref _firstChange) is var t && t != 0 ? t : null;

    /// <summary>Forgets the previous runbook's steps: drills run one after another.</summary>
    public void Reset() => Interlocked.Exchange(ref _firstChange, 0);

    /// <inheritdoc />
    public void StepStarted(string name, int index, bool destructive)
    {
        if (destructive) Interlocked.CompareExchange(ref _firstChange, time.GetTimestamp(), 0);
        inner.StepStarted(name, index, destructive);
    }

    /// <inheritdoc />
    public void StepEnded(StepResult result) => inner.StepEnded(result);

    /// <inheritdoc />
    public void Logged(string message) => inner.Logged(message);
}
