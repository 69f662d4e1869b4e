namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>
/// The real database behind the simulated Neon and Supabase projects of one drill: the drill's database (the production
/// branch, the Supabase project's database) and the base backup and WAL archive its point-in-time copies are built from.
/// </summary>
/// <param name="LiveConnectionString">The drill database's connection string (what the runbook has as <c>DATABASE_URL</c>).</param>
/// <param name="BaseBackupDirectory">A base backup of its cluster, taken before the drill's load.</param>
/// <param name="WalDirectory">The cluster's WAL archive.</param>
/// <param name="HistoryStart">When the base backup ended: the earliest moment a copy can be built for, so the start of the
/// providers' history window.</param>
public sealed record PostgresBacking(string LiveConnectionString, string BaseBackupDirectory, string WalDirectory, DateTimeOffset HistoryStart);
