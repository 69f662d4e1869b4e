namespace Runbooks.Providers.Supabase;

/// <summary>SB-1's answer: whether point-in-time recovery is on, and the window the physical backups cover.</summary>
/// <param name="Region">The project's region.</param>
/// <param name="WalgEnabled">Whether WAL archiving runs.</param>
/// <param name="PitrEnabled">Whether the PITR add-on is on (SB-2 needs it).</param>
/// <param name="PhysicalBackupData">The earliest and latest moments a restore can reach, when given.</param>
public sealed record SupabaseBackups(string? Region, bool WalgEnabled, bool PitrEnabled, SupabasePhysicalBackupData? PhysicalBackupData);
