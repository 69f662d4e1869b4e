namespace Runbooks.Core.Estates;

/// <summary>
/// The estate's <c>postgres:</c> section: who runs the production database and, for a provider, where its point-in-time
/// restore acts. Neon names the project, the production branch and a recovery branch the team keeps for restores (its
/// connection string is a secret, never written here); Supabase names the project.
/// </summary>
/// <param name="Provider">Who runs it.</param>
/// <param name="NeonProjectId">Neon: the project id (like <c>floral-disk-86322740</c>).</param>
/// <param name="NeonBranchId">Neon: the production branch (<c>br-...</c>).</param>
/// <param name="NeonRecoveryBranchId">Neon: the branch restores go to (<c>br-...</c>), never the production one.</param>
/// <param name="NeonRecoverySecret">Neon: the secret that holds the recovery branch's connection string.</param>
/// <param name="SupabaseProjectRef">Supabase: the project ref (20 lowercase letters).</param>
public sealed record EstatePostgres(EstatePostgresProvider Provider, string? NeonProjectId = null, string? NeonBranchId = null,
    string? NeonRecoveryBranchId = null, string? NeonRecoverySecret = null, string? SupabaseProjectRef = null)
{
    /// <summary>The secret a Neon recovery branch's connection string is read from unless the estate names another.</summary>
    public const string DefaultNeonRecoverySecret = "NEON_RECOVERY_DATABASE_URL";

    /// <summary>What an estate without a <c>postgres:</c> section runs: a self-managed server.</summary>
    public static EstatePostgres SelfManaged { get; } = new(EstatePostgresProvider.SelfManaged);
}
