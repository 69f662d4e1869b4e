using System.Globalization;
using System.Text.Json.Nodes;
using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Environments.Simulator.Api;

/// <summary>
/// The simulated Neon API v2 (provider-apis-2.md §3) over <see cref="SimulatedPostgres"/>: NEON-1 restore, NEON-2/3
/// operations, NEON-4 branch. Errors are <c>GeneralError {code, message, request_id}</c> with the caller's
/// <c>X-Request-ID</c> echoed: 401 for a missing or wrong key, 404 for an unknown project, branch or operation, 400 for
/// a bad body or a moment outside the history, 423 while an operation runs.
/// </summary>
public sealed class NeonApi
{
    /// <summary>Where the API lives on the simulator (its base URL is this below the simulator's root).</summary>
    public const string Root = "/neon/api/v2";

    private readonly SimulatedPostgres _postgres;
    private readonly RouteTable _routes = new();

    /// <summary>Creates the API over <paramref name="postgres"/>.</summary>
    public NeonApi(SimulatedPostgres postgres)
    {
        _postgres = postgres;
        _routes.Map("POST", "/projects/{project}/branches/{branch}/restore", Restore)
            .Map("GET", "/projects/{project}/branches/{branch}", (_, v) => ApiAnswer.Json(200, new JsonObject { ["branch"] = Branch(Project(v), v["branch"]) }))
            .Map("GET", "/projects/{project}/operations/{operation}", GetOperation)
            .Map("GET", "/projects/{project}/operations", (_, v) =>
            {
                var project = Project(v);
                var all = _postgres.NeonOperations();
                return ApiAnswer.Json(200, new JsonObject
                {
                    ["operations"] = new JsonArray([.. all.Select(o => Operation(project, o.Operation, o.Status))]),
                    ["pagination"] = new JsonObject { ["cursor"] = all.Count == 0 ? "" : Time(all[^1].Operation.CreatedAt) },
                });
            });
    }

    /// <summary>Answers one call (path below <see cref="Root"/>).</summary>
    public ApiAnswer Handle(ApiRequest request)
    {
        var requestId = request.Header("X-Request-ID") ?? Guid.NewGuid().ToString();
        var auth = request.Header("Authorization");
        if (auth != "Bearer " + SimulatorHost.PlaceholderToken) return Error(401, "authentication required: the API key is missing or not valid", requestId);
        try
        {
            return _routes.Dispatch(request, out var known) ?? Error(known ? 405 : 404, known ? "method not allowed" : "not found", requestId);
        }
        catch (ProviderRefusal refusal)
        {
            return Error(refusal.Status, refusal.Message, requestId, refusal.Code);
        }
    }

    private ApiAnswer Restore(ApiRequest request, RouteValues v)
    {
        var project = Project(v);
        var target = v["branch"];
        if (_postgres.NeonBranch(target) is null) throw NotFound("branch", target);
        var body = request.JsonObject();
        var source = (string?)body["source_branch_id"] ?? throw new ProviderRefusal(400, "", "source_branch_id is required");
        if (_postgres.NeonBranch(source) is null) throw NotFound("branch", source);
        if (body["source_lsn"] is not null) throw new ProviderRefusal(400, "", "the simulator restores to a source_timestamp, not an LSN");
        DateTimeOffset? at = null;
        if ((string?)body["source_timestamp"] is { } text)
            at = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed.ToUniversalTime()
                : throw new ProviderRefusal(400, "", $"source_timestamp '{text}' is not an RFC 3339 date-time");
        var op = _postgres.RestoreNeonBranch(target, source, at, (string?)body["preserve_under_name"]);
        return ApiAnswer.Json(200, new JsonObject
        {
            ["branch"] = Branch(project, target),
            ["operations"] = new JsonArray(Operation(project, op, "running")),
        });
    }

    private ApiAnswer GetOperation(ApiRequest request, RouteValues v)
    {
        var project = Project(v);
        var polled = _postgres.PollNeonOperation(v["operation"]) ?? throw NotFound("operation", v["operation"]);
        return ApiAnswer.Json(200, new JsonObject { ["operation"] = Operation(project, polled.Operation, polled.Status) });
    }

    private string Project(RouteValues v) => _postgres.IsNeonProject(v["project"]) ? v["project"] : throw NotFound("project", v["project"]);

    private JsonObject Branch(string project, string id)
    {
        var b = _postgres.NeonBranch(id) ?? throw NotFound("branch", id);
        return new JsonObject
        {
            ["id"] = b.Id, ["project_id"] = project, ["name"] = b.Name, ["parent_id"] = b.ParentId, ["current_state"] = "ready",
            ["created_at"] = Time(b.CreatedAt), ["updated_at"] = Time(b.LastResetAt ?? b.CreatedAt),
            ["last_reset_at"] = b.LastResetAt is { } reset ? Time(reset) : null,
        };
    }

    private static JsonObject Operation(string project, NeonOperationState op, string status) => new()
    {
        ["id"] = op.Id, ["project_id"] = project, ["branch_id"] = op.BranchId, ["action"] = "create_timeline", ["status"] = status,
        ["failures_count"] = status == "failed" ? 1 : 0,
        ["error"] = op.Work.Exception?.GetBaseException().Message,
        ["created_at"] = Time(op.CreatedAt), ["updated_at"] = Time(op.CreatedAt), ["total_duration_ms"] = 0,
    };

    private static ProviderRefusal NotFound(string what, string id) => new(404, "", $"{what} {id} not found");

    private static ApiAnswer Error(int status, string message, string requestId, string code = "")
        => ApiAnswer.Json(status, new JsonObject { ["code"] = code, ["message"] = message, ["request_id"] = requestId },
            new Dictionary<string, string> { ["X-Request-ID"] = requestId });

    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
