using Runbooks.Core.Estates;
using Runbooks.Drills.Environments.Simulator;
using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Tests.Fidelity;

/// <summary>
/// A simulator of an estate these tests choose (not the repository's), for the real clients: names and ids nobody
/// hard-coded in the simulator, so a client that works proves the model, not a mapping written for it.
/// </summary>
public sealed class FidelityFixture : IAsyncLifetime
{
    public const string AccountId = "5e1f0c9a7b3d4e2f8a6c1b0d9e8f7a65";
    public const string Worker = "fidelity-api";
    public const string TeamId = "team_fidelity0042";
    public const string Project = "fidelity-web";
    public const string ProjectId = "prj_fidelityweb0042";

    /// <summary>Short, so the CLI's polling of an alias job ends within a second or two.</summary>
    public static readonly TimeSpan Propagation = TimeSpan.FromMilliseconds(700);

    public SimulatorHost Sim { get; private set; } = null!;

    private string? _estateFile;

    public async Task InitializeAsync()
    {
        RealClients.EnsureInstalled();
        _estateFile = Path.Combine(Path.GetTempPath(), $"runbooks-fidelity-estate-{Environment.ProcessId}.yaml");
        File.WriteAllText(_estateFile, $$"""
            cloudflare:
              accountId: {{AccountId}}
              zones: [{ name: fidelity.example, id: 0f1e2d3c4b5a69788796a5b4c3d2e1f0 }]
              workers:
                - { name: {{Worker}}, health: /healthz, critical: [/v1/orders], secrets: [API_KEY], vars: { REGION: eu } }
                - { name: fidelity-jobs, health: /status }
            vercel:
              teamId: {{TeamId}}
              projects: [{ name: {{Project}}, id: {{ProjectId}}, health: /api/ping }]
            """);
        Sim = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            EstatePath = _estateFile,
            Timings = ProviderTimings.Default.WithPropagation(Propagation) with { VercelBuild = Propagation },
        });
    }

    public async Task DisposeAsync()
    {
        await Sim.DisposeAsync();
        if (_estateFile is not null) File.Delete(_estateFile);
    }
}

[CollectionDefinition(Name)]
public sealed class FidelityCollection : ICollectionFixture<FidelityFixture>
{
    public const string Name = "fidelity";
}

/// <summary>Base for fidelity tests: the model reset to its starting history before each.</summary>
[Collection(FidelityCollection.Name)]
public abstract class FidelityTest(FidelityFixture fixture) : IAsyncLifetime
{
    protected SimulatorHost Sim => fixture.Sim;

    protected SimulatedEstate Model => fixture.Sim.Model;

    public Task InitializeAsync() => Sim.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Reads the model under its lock.</summary>
    protected T Read<T>(Func<SimulatedEstate, T> read)
    {
        lock (Model.Gate) return read(Model);
    }

    protected SimulatedWorker Worker => Model.Worker(FidelityFixture.Worker)!;
}
