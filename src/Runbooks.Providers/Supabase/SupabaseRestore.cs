namespace Runbooks.Providers.Supabase;

/// <summary>What <see cref="SupabaseClient.RestoreToTime"/> did.</summary>
/// <param name="ProjectRef">The project restored in place.</param>
/// <param name="Target">The moment it now holds.</param>
/// <param name="Downtime">From the request to the project healthy again, on the run's clock: the database refused connections throughout.</param>
/// <param name="Polls">Status polls it took.</param>
public sealed record SupabaseRestore(string ProjectRef, DateTimeOffset Target, TimeSpan Downtime, int Polls)
{
    /// <inheritdoc />
    public override string ToString() => $"project {ProjectRef} restored in place to {Target:yyyy-MM-dd HH:mm:ss} UTC ({Polls} status polls)";
}
