using Runbooks.Core.Timing;
using Runbooks.Core.Runs;
using Runbooks.Core.Sealing;

namespace Runbooks.Scripting.Hosting;

/// <summary>What <c>exec</c>, <c>plan</c> and the drill harness ask for when they run a runbook.</summary>
public sealed record ExecRequest
{
    /// <summary>A path or bare name (looked up in <c>./</c> then <c>runbooks/</c>); ignored when resuming.</summary>
    public string? Runbook { get; init; }

    /// <summary><c>--param</c> values (when resuming, they override the journal's).</summary>
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();

    /// <summary>Execute, dry run, or plan.</summary>
    public RunMode Mode { get; init; } = RunMode.Execute;

    /// <summary><c>--yes</c>.</summary>
    public bool AssumeYes { get; init; }

    /// <summary><c>--journal FILE</c>; default <c>.runbooks/journal/&lt;name&gt;-&lt;time&gt;.jsonl</c>.</summary>
    public string? JournalPath { get; init; }

    /// <summary><c>--resume JOURNAL</c>.</summary>
    public string? ResumeJournal { get; init; }

    /// <summary><c>--env NAME</c>.</summary>
    public string? EnvironmentName { get; init; }

    /// <summary>Where bare names and the default journal folder are resolved.</summary>
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>
    /// The variables params (<c>RUNBOOK_PARAM_*</c>), secrets and endpoint settings are read from: the process environment
    /// for <c>exec</c>, a set built from scratch for a drill.
    /// </summary>
    public RunVariables Variables { get; init; } = RunVariables.Process;

    /// <summary>Which endpoints the run may reach: anything for <c>exec</c>, loopback only for a drill.</summary>
    public EndpointPolicy Endpoints { get; init; } = EndpointPolicy.Unrestricted;

    /// <summary>
    /// The clock the run's waits, back-offs and deadlines run on: real time for <c>exec</c>, the drill's scale in a drill
    /// (which then reads back the waits it recorded).
    /// </summary>
    public RunClock? Clock { get; init; }

    /// <summary>
    /// The estate runbooks read as <c>Estate</c>; null reads <c>estate.yaml</c> from the run's <c>.config</c> folder on
    /// first use. A drill passes the estate with each service's URL on the simulator.
    /// </summary>
    public Core.Estates.Estate? Estate { get; init; }

    /// <summary>How long a cancelled step may take to stop before it is abandoned.</summary>
    public TimeSpan CancellationGrace { get; init; } = TimeSpan.FromSeconds(2);
}
