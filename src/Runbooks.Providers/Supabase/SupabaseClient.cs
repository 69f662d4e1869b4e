using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Runbooks.Core.Errors;
using Runbooks.Providers.Http;

namespace Runbooks.Providers.Supabase;

/// <summary>
/// The Supabase Management API's backups (provider-apis-2.md §4): list backups (SB-1), point-in-time restore in place
/// (SB-2) and the project's status (SB-3), polled until the restore ends. Runbooks call it as <c>Supabase</c>.
/// </summary>
public sealed class SupabaseClient : IDisposable
{
    private static readonly ProviderIdentity Identity = new("Supabase", SupabaseOptions.TokenVariable);
    private readonly ProviderHttpClient _http;
    private readonly ProviderContext _context;

    /// <summary>Creates a client; the token is read from <see cref="SupabaseOptions.TokenVariable"/> at the first call.</summary>
    public SupabaseClient(SupabaseOptions options, ProviderContext context, HttpMessageHandler? handler = null)
    {
        Options = options.Validate();
        _context = context;
        _http = new ProviderHttpClient(Identity, options.BaseUrl, () => context.Secrets.Get(SupabaseOptions.TokenVariable),
            options.Http, context, SupabaseJson.ReadError, handler);
    }

    /// <summary>The client for the run's environment (see <see cref="SupabaseOptions.FromContext"/>).</summary>
    public static SupabaseClient FromContext(ProviderContext context)
    {
        context.Endpoints.EnsurePresent("Supabase");
        return new SupabaseClient(SupabaseOptions.FromContext(context), context);
    }

    /// <summary>The options in force.</summary>
    public SupabaseOptions Options { get; }

    /// <summary>SB-1: the project's backups and whether point-in-time recovery is on.</summary>
    public async Task<SupabaseBackups> ListBackups(string projectRef, CancellationToken cancellation = default)
    {
        var operation = $"listing backups of project {projectRef}";
        var response = await _http.SendAsync(new ProviderRequest(HttpMethod.Get, $"/v1/projects/{Segment(projectRef)}/database/backups"), operation, cancellation)
            .ConfigureAwait(false);
        return SupabaseJson.Read<SupabaseBackups>(response, operation);
    }

    /// <summary>SB-3: the project, with its status.</summary>
    public async Task<SupabaseProject> GetProject(string projectRef, CancellationToken cancellation = default)
    {
        var operation = $"reading project {projectRef}";
        var response = await _http.SendAsync(new ProviderRequest(HttpMethod.Get, $"/v1/projects/{Segment(projectRef)}"), operation, cancellation).ConfigureAwait(false);
        return SupabaseJson.Read<SupabaseProject>(response, operation);
    }

    /// <summary>
    /// SB-2: asks Supabase to restore the project in place to <paramref name="target"/> (201, empty). Not sent twice
    /// blindly: after a 5xx or a timeout the project's status says whether the restore started.
    /// </summary>
    public async Task RequestPitrRestore(string projectRef, DateTimeOffset target, CancellationToken cancellation = default)
    {
        var body = new { recovery_time_target_unix = target.ToUnixTimeSeconds() };
        await _http.SendAsync(new ProviderRequest(HttpMethod.Post, $"/v1/projects/{Segment(projectRef)}/database/backups/restore-pitr", () => JsonContent.Create(body))
        {
            ReadBack = async ct => (await GetProject(projectRef, ct).ConfigureAwait(false)).Status is "RESTORING" or "COMING_UP"
                ? new ProviderResponse(HttpStatusCode.Created, "") : null,
        }, $"restoring project {projectRef} to {target:yyyy-MM-dd HH:mm:ss} UTC", cancellation).ConfigureAwait(false);
    }

    /// <summary>
    /// Restores the project in place to <paramref name="target"/>, rounded down to the second (SB-2 takes Unix seconds):
    /// checks first that point-in-time recovery is on and the moment is inside the window (SB-1), then waits until the
    /// project is <c>ACTIVE_HEALTHY</c> again (SB-3). The project refuses connections throughout: that is the downtime returned.
    /// </summary>
    public async Task<SupabaseRestore> RestoreToTime(string projectRef, DateTimeOffset target, TimeSpan? timeout = null, CancellationToken cancellation = default)
    {
        var seconds = DateTimeOffset.FromUnixTimeSeconds(target.ToUnixTimeSeconds());
        var backups = await ListBackups(projectRef, cancellation).ConfigureAwait(false);
        if (!backups.PitrEnabled)
            throw new RunbookException($"Supabase project {projectRef} has no point-in-time recovery (the PITR add-on is off): only its daily backups can be restored.", ExitCodes.Failed);
        if (backups.PhysicalBackupData is { EarliestPhysicalBackupDateUnix: { } earliest } && seconds.ToUnixTimeSeconds() < earliest)
            throw new RunbookException($"Supabase project {projectRef} can be restored to {Unix(earliest)} at the earliest, not {seconds:yyyy-MM-dd HH:mm:ss} UTC.", ExitCodes.Failed);

        var started = _context.Clock.Time.GetTimestamp();
        await RequestPitrRestore(projectRef, seconds, cancellation).ConfigureAwait(false);
        _context.Log.Log($"Supabase: project {projectRef} is restoring in place to {seconds:yyyy-MM-dd HH:mm:ss} UTC; it refuses connections until it is healthy.");
        // Healthy right after the request may be the state from before it: only healthy after restoring counts.
        var restoring = false;
        var graceEnds = started + (long)(_context.Clock.Deadline(Options.StartGrace).TotalSeconds * _context.Clock.Time.TimestampFrequency);
        var (_, polls, _) = await ProviderPoll.UntilAsync(_context, "Supabase", $"the restore of project {projectRef}", Options.PollInterval,
            timeout ?? Options.RestoreTimeout, ct => GetProject(projectRef, ct),
            p =>
            {
                if (p.Status == "RESTORE_FAILED") return false;
                if (!p.Healthy) { restoring = true; return null; }
                if (restoring) return true;
                return _context.Clock.Time.GetTimestamp() > graceEnds ? false : null;
            },
            p => p.Status == "RESTORE_FAILED"
                ? $"Supabase could not restore project {projectRef} to {seconds:yyyy-MM-dd HH:mm:ss} UTC (RESTORE_FAILED): ask Supabase support what state the database is in."
                : $"Supabase accepted the restore of project {projectRef} but it never started within {Core.Timing.HumanDuration.Of(Options.StartGrace)} (still {p.Status}).",
            p => p.Status, cancellation).ConfigureAwait(false);
        var restore = new SupabaseRestore(projectRef, seconds, _context.Clock.Time.GetElapsedTime(started), polls);
        _context.Log.Log($"Supabase: {restore}.");
        return restore;
    }

    private static string Unix(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Segment(string value) => Uri.EscapeDataString(value);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
