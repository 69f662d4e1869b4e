namespace Runbooks.Drills.Environments.Simulator;

/// <summary>A scenario state a propagation webhook moves to: reaching it ends a simulated propagation.</summary>
/// <param name="Scenario">The WireMock scenario.</param>
/// <param name="State">The state the webhook sets.</param>
/// <param name="Provider">The mock set it came from (<c>cloudflare</c>, <c>vercel</c>).</param>
public sealed record PropagationTarget(string Scenario, string State, string Provider);
