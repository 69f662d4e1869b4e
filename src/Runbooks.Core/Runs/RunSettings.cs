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
}
