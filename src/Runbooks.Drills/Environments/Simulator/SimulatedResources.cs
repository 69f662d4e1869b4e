namespace Runbooks.Drills.Environments.Simulator;

/// <summary>
/// What the mock sets in <c>drills/mocks/</c> simulate: the ids and names a runbook uses against the simulator. They match
/// the mapping files; change both together.
/// </summary>
public static class SimulatedResources
{
    /// <summary>The Cloudflare account (32 hex digits).</summary>
    public const string CloudflareAccountId = "023e105f4ecef8ad9ca31a8372d0c353";

    /// <summary>The Cloudflare zone whose cache can be purged.</summary>
    public const string CloudflareZoneId = "9a7806061c88ada191ed06f989cc3dac";

    /// <summary>The Worker: a bad version serves until it is rolled back (seed 000).</summary>
    public const string Worker = "pitchey-production";

    /// <summary>The Worker version a rollback returns to.</summary>
    public const string WorkerGoodVersionId = "6d4e2f1a-3b5c-4d7e-8f90-a1b2c3d4e5f6";

    /// <summary>The Worker version that serves at the start and fails.</summary>
    public const string WorkerBadVersionId = "9c8b7a65-4321-4fed-8cba-0987654321fe";

    /// <summary>The Pages project: a bad deployment serves until it is rolled back.</summary>
    public const string PagesProject = "pitchey";

    /// <summary>The Pages deployment a rollback returns to.</summary>
    public const string PagesGoodDeploymentId = "0c1d2e3f-4a5b-4c6d-8e7f-90a1b2c3d4e5";

    /// <summary>The Vercel team.</summary>
    public const string VercelTeamId = "team_runbooksdrill0001";

    /// <summary>The Vercel project (seed 004): a bad deployment serves until it is rolled back.</summary>
    public const string VercelProject = "churn-saver";

    /// <summary>The Vercel project id.</summary>
    public const string VercelProjectId = "prj_churnsaver0001";

    /// <summary>The Vercel deployment a rollback returns to.</summary>
    public const string VercelGoodDeploymentId = "dpl_good7Hk2mQ9xLr4";

    /// <summary>The Vercel deployment that serves at the start.</summary>
    public const string VercelBadDeploymentId = "dpl_bad3Zt8nW1vYp6";

    /// <summary>The WireMock scenario holding the Worker's API state (Started, RolledBack, Maintenance).</summary>
    public const string WorkerScenario = "cf-worker-" + Worker;

    /// <summary>The WireMock scenario holding what the Worker's edge serves (Started = bad, Healthy, Maintenance).</summary>
    public const string WorkerEdgeScenario = "cf-worker-" + Worker + "-edge";

    /// <summary>The WireMock scenario of the Vercel project (Started, RollbackInProgress, RolledBack, RollbackFailing, RollbackFailed, ...).</summary>
    public const string VercelScenario = "vercel-" + VercelProject;

    /// <summary>Path of the simulated Worker's own endpoints on the simulator (as <c>https://pitchey-production.*.workers.dev</c>).</summary>
    public const string WorkerPath = "/sim/workers/" + Worker;

    /// <summary>Path of the simulated Pages site.</summary>
    public const string PagesPath = "/sim/pages/" + PagesProject;

    /// <summary>Path of the simulated Vercel app.</summary>
    public const string VercelAppPath = "/sim/vercel/" + VercelProject;
}
