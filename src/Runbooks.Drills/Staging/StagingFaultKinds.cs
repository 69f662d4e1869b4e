namespace Runbooks.Drills.Staging;

/// <summary>How a drill file's fault kind maps to what staging can cause.</summary>
public static class StagingFaultKinds
{
    private static readonly IReadOnlyDictionary<string, StagingFaultKind> ByDrillKind = new Dictionary<string, StagingFaultKind>(StringComparer.Ordinal)
    {
        ["bad-deployment"] = StagingFaultKind.WorkerBadDeployment,
        ["vercel-bad-deployment"] = StagingFaultKind.VercelBadDeployment,
        ["data-corruption"] = StagingFaultKind.DataCorruption,
    };

    /// <summary>The drill file kinds staging accepts, for messages.</summary>
    public static IReadOnlyCollection<string> DrillKinds => [.. ByDrillKind.Keys];

    /// <summary>The staging fault for a drill file's <paramref name="drillKind"/>, or null when staging cannot cause it.</summary>
    public static StagingFaultKind? Of(string drillKind) => ByDrillKind.TryGetValue(drillKind, out var kind) ? kind : null;
}
