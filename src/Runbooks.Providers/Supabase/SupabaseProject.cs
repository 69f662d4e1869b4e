namespace Runbooks.Providers.Supabase;

/// <summary>SB-3's answer, the fields a restore reads.</summary>
/// <param name="Ref">The project ref.</param>
/// <param name="Name">Its name.</param>
/// <param name="Status"><c>ACTIVE_HEALTHY</c>, <c>RESTORING</c>, <c>RESTORE_FAILED</c>, <c>COMING_UP</c>, ...</param>
public sealed record SupabaseProject(string Ref, string? Name, string Status)
{
    /// <summary>Whether it serves.</summary>
    public bool Healthy => Status == "ACTIVE_HEALTHY";
}
