using Runbooks.Drills.Environments;
using Runbooks.Drills.Environments.Simulator;

namespace Runbooks.Tests.Support;

/// <summary>
/// Runs a runbook of the repository's <c>runbooks/</c> with the real CLI against a simulator, as a team would against
/// its providers: the estate as <c>.config/estate.yaml</c> (the simulator's view), the simulator's API settings, a token,
/// and any vault values as environment variables.
/// </summary>
public static class SimulatedExec
{
    public static CliResult Run(SimulatorHost sim, Workspace ws, string runbook, IReadOnlyDictionary<string, string>? vault, params string[] parameters)
    {
        EstateYaml.WriteTo(ws.Root, sim.SimulatedEstateView);
        // A runbook the test wrote itself is run as written; otherwise the repository's.
        if (!ws.Exists(Path.Combine("runbooks", runbook + ".csx")))
            ws.Runbook(runbook + ".csx", File.ReadAllText(Path.Combine(RepositoryLayout.FindRoot(), "runbooks", runbook + ".csx")));
        var env = sim.EnvironmentVariables.ToDictionary(v => v.Key, v => (string?)v.Value);
        env["CLOUDFLARE_API_TOKEN"] = SimulatorFixture.Token;
        env["VERCEL_TOKEN"] = SimulatorFixture.Token;
        foreach (var (k, v) in vault ?? new Dictionary<string, string>()) env[k] = v;
        var args = new List<string> { "exec", runbook, "--yes" };
        foreach (var p in parameters) { args.Add("--param"); args.Add(p); }
        return RunbooksCli.Run(ws.Root, [.. args], env, TimeSpan.FromSeconds(60));
    }
}
