namespace Runbooks.Providers.Supabase;

/// <summary>The window SB-1 reports, as Unix seconds.</summary>
/// <param name="EarliestPhysicalBackupDateUnix">The earliest moment a restore can reach.</param>
/// <param name="LatestPhysicalBackupDateUnix">The latest.</param>
public sealed record SupabasePhysicalBackupData(long? EarliestPhysicalBackupDateUnix, long? LatestPhysicalBackupDateUnix);
