using Runbooks.Drills.Environments.WireMock;

namespace Runbooks.Drills.Environments.Simulator;

/// <summary>How the provider simulator starts. Immutable; validated at start.</summary>
public sealed record SimulatorOptions
{
    /// <summary>A free port, 2 s of propagation, every mock set in <c>drills/mocks/</c>.</summary>
    public static SimulatorOptions Default { get; } = new();

    /// <summary>The port; 0 takes a free one.</summary>
    public int Port { get; init; }

    /// <summary>
    /// How long after a rollback the simulated services start serving the restored version (Cloudflare documents
    /// "within seconds" and no figure; drills scale this with their time scale).
    /// </summary>
    public TimeSpan PropagationDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The folder of mock sets (one sub-folder per provider); <c>drills/mocks</c> of the repository when null.</summary>
    public string? MocksDirectory { get; init; }

    /// <summary>How the WireMock server itself starts (its port is <see cref="Port"/>).</summary>
    public WireMockOptions WireMock { get; init; } = WireMockOptions.Default;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public SimulatorOptions Validate()
    {
        if (PropagationDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(PropagationDelay), PropagationDelay, "must not be negative");
        (WireMock with { Port = Port }).Validate();
        return this;
    }
}
