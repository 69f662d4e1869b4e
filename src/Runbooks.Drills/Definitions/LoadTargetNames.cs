namespace Runbooks.Drills.Definitions;

/// <summary>How load targets are written in drill files and reports: <c>worker</c>, <c>pages</c>, <c>vercel</c>, <c>database</c>.</summary>
public static class LoadTargetNames
{
    /// <summary>Every target, as drill files write them.</summary>
    public static IReadOnlyList<string> All { get; } = Enum.GetValues<LoadTarget>().Select(t => t.Name()).ToList();

    /// <summary>The target as drill files write it.</summary>
    public static string Name(this LoadTarget target) => target.ToString().ToLowerInvariant();

    /// <summary>The target <paramref name="name"/> names, or null.</summary>
    public static LoadTarget? Parse(string name) => Enum.GetValues<LoadTarget>().Select(t => (LoadTarget?)t).FirstOrDefault(t => t!.Value.Name() == name);

    /// <summary>
    /// The runbook param that names the target's service (<c>worker</c>, or <c>project</c> for Pages and Vercel); the
    /// harness gives it from the estate unless the drill does. Null for the database.
    /// </summary>
    public static string? ServiceParam(this LoadTarget target) => target switch
    {
        LoadTarget.Worker => "worker",
        LoadTarget.Pages or LoadTarget.Vercel => "project",
        _ => null,
    };

    /// <summary>Whether the target is a simulated HTTP service (anything but the database).</summary>
    public static bool IsHttp(this LoadTarget target) => target != LoadTarget.Database;
}
