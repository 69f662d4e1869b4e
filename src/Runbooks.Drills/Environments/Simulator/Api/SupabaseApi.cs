using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Environments.Simulator.Api;

/// <summary>
/// The simulated Supabase Management API's backups (provider-apis-2.md §4) over <see cref="SimulatedPostgres"/>: SB-1
/// list backups (PITR on, the window from the drill's base backup to now), SB-2 restore-pitr (201, empty; the target as a
/// number or a string), SB-3 the project, <c>RESTORING</c> until the in-place restore is done and polled, then
/// <c>ACTIVE_HEALTHY</c>. Errors are <c>{"message": ...}</c>: 401 without the token, 404 for another project.
/// </summary>
public sealed class SupabaseApi
{
    /// <summary>Where the API lives on the simulator.</summary>
    public const string Root = "/supabase";

    private readonly SimulatedPostgres _postgres;
    private readonly RouteTable _routes = new();

    /// <summary>Creates the API over <paramref name="postgres"/>.</summary>
    public SupabaseApi(SimulatedPostgres postgres)
    {
        _postgres = postgres;
        _routes.Map("GET", "/v1/projects/{ref}", (_, v) => ApiAnswer.Json(200, Project(Ref(v), _postgres.PollSupabaseStatus())))
            .Map("GET", "/v1/projects/{ref}/database/backups", (_, v) =>
            {
                Ref(v);
                var (earliest, latest) = _postgres.SupabaseWindow;
                return ApiAnswer.Json(200, new JsonObject
                {
                    ["region"] = "us-east-1", ["walg_enabled"] = true, ["pitr_enabled"] = true,
                    ["backups"] = new JsonArray(new JsonObject { ["id"] = 1, ["is_physical_backup"] = true, ["status"] = "COMPLETED", ["inserted_at"] = Time(earliest) }),
                    ["physical_backup_data"] = new JsonObject
                    {
                        ["earliest_physical_backup_date_unix"] = earliest.ToUnixTimeSeconds(), ["latest_physical_backup_date_unix"] = latest.ToUnixTimeSeconds(),
                    },
                });
            })
            .Map("POST", "/v1/projects/{ref}/database/backups/restore-pitr", (request, v) =>
            {
                Ref(v);
                _postgres.RestoreSupabaseProject(DateTimeOffset.FromUnixTimeSeconds(Target(request.JsonObject())));
                return ApiAnswer.Empty(201);
            });
    }

    /// <summary>Answers one call (path below <see cref="Root"/>).</summary>
    public ApiAnswer Handle(ApiRequest request)
    {
        if (request.Header("Authorization") != "Bearer " + SimulatorHost.PlaceholderToken) return Error(401, "Unauthorized");
        try
        {
            return _routes.Dispatch(request, out var known) ?? Error(known ? 405 : 404, known ? "Method not allowed" : "Not found");
        }
        catch (ProviderRefusal refusal)
        {
            return Error(refusal.Status, refusal.Message);
        }
    }

    // The OpenAPI says int64; the docs' curl example sends a string: both are taken.
    private static long Target(JsonObject body)
    {
        var node = body["recovery_time_target_unix"] ?? throw new ProviderRefusal(400, "", "recovery_time_target_unix is required");
        var ok = node.GetValueKind() switch
        {
            JsonValueKind.Number => node.AsValue().TryGetValue(out long n) ? n : (long?)null,
            JsonValueKind.String => long.TryParse((string?)node, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null,
            _ => null,
        };
        return ok is { } value && value >= 0 ? value : throw new ProviderRefusal(400, "", "recovery_time_target_unix must be an integer >= 0");
    }

    private string Ref(RouteValues v) => _postgres.IsSupabaseProject(v["ref"]) ? v["ref"] : throw new ProviderRefusal(404, "", $"Project {v["ref"]} not found");

    private static JsonObject Project(string projectRef, string status) => new()
    {
        ["id"] = projectRef, ["ref"] = projectRef, ["organization_id"] = "simulated-org", ["name"] = "production", ["region"] = "us-east-1",
        ["created_at"] = "2026-01-01T00:00:00Z", ["status"] = status,
        ["database"] = new JsonObject { ["host"] = $"db.{projectRef}.supabase.co", ["version"] = "15", ["postgres_engine"] = "15", ["release_channel"] = "ga" },
    };

    private static ApiAnswer Error(int status, string message) => ApiAnswer.Json(status, new JsonObject { ["message"] = message });

    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
