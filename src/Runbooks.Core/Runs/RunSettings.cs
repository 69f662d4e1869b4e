using Runbooks.Core.Timing;

namespace Runbooks.Core.Runs;

/// <summary>The choices a run is started with.</summary>
public sealed record RunSettings
{
    /// <summary>Execute, dry run, or plan.</summary>
    public RunMode Mode { get; init; } = RunMode.Execute;

    /// <summary><c>--yes</c>: destructive steps run without asking.</summary>
    public bool AssumeYes { get; init; }

    /// <summary>How long a cancelled step may take to notice before it is abandoned (the contract says at most about 2 s).</summary>
    public TimeSpan CancellationGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The clock step timeouts and step retry delays run on: real time for <c>exec</c>, the drill's scale in a drill, so
    /// a step timeout of 10 min lasts 12 s at scale 0.02 and decides the same outcome at every scale.
    /// </summary>
    public RunClock Clock { get; init; } = RunClock.RealTime();
}
