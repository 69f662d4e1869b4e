using System.Net.Http.Headers;
using System.Text;
using Runbooks.Drills.Environments;
using Runbooks.Drills.Environments.Simulator;

namespace Runbooks.Drills.Faults;

/// <summary>
/// <c>propagated-outage</c>, the calibration of the simulator's own timers: the Worker's bad release goes live and the
/// harness at once asks the simulated Cloudflare API to deploy the version before it, as wrangler would; the model heals
/// the service when that deployment has propagated, on its own clock. The outage the load measures must end where the
/// model's propagation interval ends.
/// </summary>
public sealed class PropagatedOutageFault() : DrillFault
{
    private readonly BadDeploymentFault _release = new();
    private Task? _rollback;

    /// <inheritdoc />
    public override bool NeedsSimulator => true;

    /// <inheritdoc />
    public override bool HealsByPropagation => true;

    /// <inheritdoc />
    public override async Task InjectAsync(DrillSite site, CancellationToken cancellation)
    {
        string good;
        var model = site.Simulator.Model;
        lock (model.Gate) good = model.Worker(site.ServiceName!)!.Latest.Id;
        await _release.InjectAsync(site, cancellation).ConfigureAwait(false);
        // The fault point is taken when this returns: the service broke with the release, so the rollback goes out after.
        _rollback = RollBackAsync(site, good, cancellation);
    }

    /// <inheritdoc />
    public override async Task CleanUpAsync(DrillSite site, CancellationToken cancellation)
    {
        if (_rollback is not null) await _rollback.ConfigureAwait(false);
    }

    private static async Task RollBackAsync(DrillSite site, string version, CancellationToken cancellation)
    {
        using var http = new HttpClient();
        using var rollback = new HttpRequestMessage(HttpMethod.Post,
            $"{site.Simulator.CloudflareApiBaseUrl}/accounts/{site.Estate.CloudflareAccountId}/workers/scripts/{site.ServiceName}/deployments")
        {
            Content = new StringContent($$"""{"strategy":"percentage","versions":[{"version_id":"{{version}}","percentage":100}]}""", Encoding.UTF8, "application/json"),
        };
        rollback.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SimulatorHost.PlaceholderToken);
        using var response = await http.SendAsync(rollback, cancellation).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"The simulator refused the calibration's rollback ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false)}");
    }
}
