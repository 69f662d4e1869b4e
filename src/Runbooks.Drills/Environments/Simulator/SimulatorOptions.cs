using Runbooks.Core.Estates;
using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Environments.Simulator;

/// <summary>How the provider simulator starts. Immutable; validated at start.</summary>
public sealed record SimulatorOptions
{
    /// <summary>A free port, the repository's estate, the default timings.</summary>
    public static SimulatorOptions Default { get; } = new();

    /// <summary>The port on 127.0.0.1; 0 takes a free one.</summary>
    public int Port { get; init; }

    /// <summary>The estate to model; null reads <c>.config/estate.yaml</c> of the repository (or <see cref="EstatePath"/>).</summary>
    public Estate? Estate { get; init; }

    /// <summary>The estate file to read when <see cref="Estate"/> is null; null means the repository's.</summary>
    public string? EstatePath { get; init; }

    /// <summary>How long the providers take on their own time (real-world; scaled by the clock a reset gives).</summary>
    public ProviderTimings Timings { get; init; } = ProviderTimings.Default;

    /// <summary>
    /// How many API calls the request journal keeps (the admin API's <c>/__admin/requests</c>). Service traffic never
    /// reaches the journal, so drills keep it on.
    /// </summary>
    public int RequestJournalSize { get; init; } = 1000;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public SimulatorOptions Validate()
    {
        if (Port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(Port), Port, "must be 0 to 65535");
        if (RequestJournalSize < 0) throw new ArgumentOutOfRangeException(nameof(RequestJournalSize), RequestJournalSize, "must not be negative");
        Timings.Validate();
        return this;
    }
}
