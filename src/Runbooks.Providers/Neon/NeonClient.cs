using System.Globalization;
using System.Net.Http.Json;
using Runbooks.Core.Errors;
using Runbooks.Providers.Http;

namespace Runbooks.Providers.Neon;

/// <summary>
/// The Neon API (provider-apis-2.md §3): restore a branch from another branch's past (NEON-1), read an operation
/// (NEON-2) and a branch (NEON-4). <c>423 Locked</c> (other operations running) is retried as neonctl does; a restore
/// waits for the operations it started, polled on the run's clock. Runbooks call it as <c>Neon</c>.
/// </summary>
public sealed class NeonClient : IDisposable
{
    private static readonly ProviderIdentity Identity = new("Neon", NeonOptions.TokenVariable);
    private readonly ProviderHttpClient _http;
    private readonly ProviderContext _context;

    /// <summary>Creates a client; the API key is read from <see cref="NeonOptions.TokenVariable"/> at the first call.</summary>
    public NeonClient(NeonOptions options, ProviderContext context, HttpMessageHandler? handler = null)
    {
        Options = options.Validate();
        _context = context;
        _http = new ProviderHttpClient(Identity, options.BaseUrl, () => context.Secrets.Get(NeonOptions.TokenVariable),
            options.Http, context, NeonJson.ReadError, handler);
    }

    /// <summary>The client for the run's environment (see <see cref="NeonOptions.FromContext"/>).</summary>
    public static NeonClient FromContext(ProviderContext context)
    {
        context.Endpoints.EnsurePresent("Neon");
        return new NeonClient(NeonOptions.FromContext(context), context);
    }

    /// <summary>The options in force.</summary>
    public NeonOptions Options { get; }

    /// <summary>
    /// NEON-1: asks Neon to overwrite <paramref name="branchId"/> with <paramref name="sourceBranchId"/> as of
    /// <paramref name="sourceTimestamp"/>; answers at once with the operations it started. Sent again after a 5xx or a
    /// timeout: the same restore to the same moment leaves the same branch, and one still running answers 423.
    /// </summary>
    public async Task<NeonBranchOperations> RequestRestore(string projectId, string branchId, string sourceBranchId, DateTimeOffset sourceTimestamp,
        string? preserveUnderName = null, CancellationToken cancellation = default)
    {
        var operation = $"restoring branch {branchId} of project {projectId} from {sourceBranchId} as of {Iso(sourceTimestamp)}";
        var body = new Dictionary<string, string>
        {
            ["source_branch_id"] = sourceBranchId,
            ["source_timestamp"] = Iso(sourceTimestamp),
        };
        if (preserveUnderName is not null) body["preserve_under_name"] = preserveUnderName;
        var response = await _http.SendAsync(new ProviderRequest(HttpMethod.Post, $"/projects/{Segment(projectId)}/branches/{Segment(branchId)}/restore",
            () => JsonContent.Create(body)) { SafeToRepeat = true }, operation, cancellation).ConfigureAwait(false);
        return NeonJson.Read<NeonBranchOperations>(response, operation);
    }

    /// <summary>NEON-2: one operation.</summary>
    public async Task<NeonOperation> GetOperation(string projectId, string operationId, CancellationToken cancellation = default)
    {
        var operation = $"reading operation {operationId} of project {projectId}";
        var response = await _http.SendAsync(new ProviderRequest(HttpMethod.Get, $"/projects/{Segment(projectId)}/operations/{Segment(operationId)}"),
            operation, cancellation).ConfigureAwait(false);
        return NeonJson.Read<OperationBody>(response, operation).Operation;
    }

    /// <summary>NEON-4: one branch.</summary>
    public async Task<NeonBranch> GetBranch(string projectId, string branchId, CancellationToken cancellation = default)
    {
        var operation = $"reading branch {branchId} of project {projectId}";
        var response = await _http.SendAsync(new ProviderRequest(HttpMethod.Get, $"/projects/{Segment(projectId)}/branches/{Segment(branchId)}"),
            operation, cancellation).ConfigureAwait(false);
        return NeonJson.Read<BranchBody>(response, operation).Branch;
    }

    /// <summary>
    /// Restores <paramref name="branchId"/> to <paramref name="sourceBranchId"/> as of <paramref name="sourceTimestamp"/>
    /// (NEON-1) and waits until every operation it started has finished (NEON-2, every <see cref="NeonOptions.PollInterval"/>).
    /// Refuses to overwrite the source branch itself: a repair restores a branch beside production, never production.
    /// </summary>
    public async Task<NeonRestore> RestoreBranch(string projectId, string branchId, string sourceBranchId, DateTimeOffset sourceTimestamp,
        TimeSpan? timeout = null, CancellationToken cancellation = default)
    {
        if (branchId == sourceBranchId)
            throw new BadInputException($"Restoring branch {branchId} from its own past would overwrite it; restore another branch (the estate's recovery branch) from it.");
        var started = _context.Clock.Time.GetTimestamp();
        var requested = await RequestRestore(projectId, branchId, sourceBranchId, sourceTimestamp, cancellation: cancellation).ConfigureAwait(false);
        _context.Log.Log($"Neon: restoring branch {branchId} from {sourceBranchId} as of {Iso(sourceTimestamp)}; " +
            $"{requested.Operations.Count} operations running ({string.Join(", ", requested.Operations.Select(o => o.Action))}).");
        var finished = new List<NeonOperation>();
        var polls = 0;
        foreach (var op in requested.Operations)
        {
            var (last, count, _) = await ProviderPoll.UntilAsync(_context, "Neon", $"operation {op.Id} ({op.Action}) on branch {branchId}",
                Options.PollInterval, timeout ?? Options.OperationTimeout, ct => GetOperation(projectId, op.Id, ct),
                o => o.Succeeded ? true : o.Failed ? false : null,
                o => $"Neon's operation {o.Id} ({o.Action}) restoring branch {branchId} ended {o.Status}: {o.Error ?? "no error given"}; " +
                    $"branch {sourceBranchId} is untouched.", o => o.Status, cancellation).ConfigureAwait(false);
            finished.Add(last);
            polls += count;
        }
        var restore = new NeonRestore(requested.Branch, sourceBranchId, sourceTimestamp, finished, _context.Clock.Time.GetElapsedTime(started), polls);
        _context.Log.Log($"Neon: {restore}.");
        return restore;
    }

    private static string Iso(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Segment(string value) => Uri.EscapeDataString(value);

    private sealed record OperationBody(NeonOperation Operation);

    private sealed record BranchBody(NeonBranch Branch);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
