namespace Runbooks.Drills.Staging;

/// <summary>The faults a staging drill can cause through the providers' public APIs (or, for data, the staging database alone).</summary>
public enum StagingFaultKind
{
    /// <summary><c>bad-deployment</c>: a failing version of the staging Worker uploaded and deployed (CF-5b, CF-4).</summary>
    WorkerBadDeployment,

    /// <summary><c>vercel-bad-deployment</c>: the app's fault flag set (V-8) and production redeployed with it (V-11).</summary>
    VercelBadDeployment,

    /// <summary><c>data-corruption</c>: rows deleted from the staging database after a verified backup of it.</summary>
    DataCorruption,
}
