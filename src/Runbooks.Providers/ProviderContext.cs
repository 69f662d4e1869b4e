using Runbooks.Core.Runs;
using Runbooks.Core.Sealing;
using Runbooks.Core.Secrets;
using Runbooks.Core.Timing;

namespace Runbooks.Providers;

/// <summary>
/// What every provider client needs from the run that uses it: secrets (registered for redaction as they are read),
/// the run's log, the selected environment and its configuration folder, the clock, and the run's cancellation.
/// </summary>
public sealed class ProviderContext
{
    /// <summary>Creates a context.</summary>
    public ProviderContext(SecretStore secrets, IRunLog log, string? environmentName = null, string? configDirectory = null,
        TimeProvider? time = null, CancellationToken cancellation = default, EndpointPolicy? endpoints = null, RunClock? clock = null)
    {
        Endpoints = endpoints ?? EndpointPolicy.Unrestricted;
        Secrets = secrets;
        Log = log;
        EnvironmentName = environmentName;
        ConfigDirectory = configDirectory;
        Time = time ?? TimeProvider.System;
        Clock = clock ?? RunClock.RealTime(Time);
        Cancellation = cancellation;
    }

    /// <summary>Where tokens and connection strings come from; every value read is redacted from output.</summary>
    public SecretStore Secrets { get; }

    /// <summary>Where settings such as <c>CLOUDFLARE_API_BASE_URL</c> are read: the process environment, or a drill's sealed set.</summary>
    public RunVariables Variables => Secrets.Variables;

    /// <summary>Which endpoints the run may reach: anything in production, only loopback in a drill.</summary>
    public EndpointPolicy Endpoints { get; }

    /// <summary>The run's log (console and journal).</summary>
    public IRunLog Log { get; }

    /// <summary>The environment named with <c>--env</c> (production, staging, drill), or null for "from environment variables only".</summary>
    public string? EnvironmentName { get; }

    /// <summary>The <c>.config</c> folder in force (the one beside the runbooks, or the current directory's), or null if none.</summary>
    public string? ConfigDirectory { get; }

    /// <summary>The clock; tests and drills substitute their own.</summary>
    public TimeProvider Time { get; }

    /// <summary>
    /// The clock retries, back-offs and health deadlines wait on: real time in production, the drill's scale in a drill,
    /// where each wait is recorded as simulated time.
    /// </summary>
    public RunClock Clock { get; }

    /// <summary>Cancelled when the run is cancelled (Ctrl-C, SIGTERM).</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>A context for tests and tools: secrets from the process environment, log lines to <paramref name="log"/>.</summary>
    public static ProviderContext ForTools(Action<string>? log = null, string? environmentName = null, string? configDirectory = null)
        => new(new SecretStore(new SecretRedactor()), new DelegateRunLog(log ?? (_ => { })), environmentName, configDirectory);

    private sealed class DelegateRunLog(Action<string> write) : IRunLog
    {
        public void Log(string message) => write(message);
    }
}
