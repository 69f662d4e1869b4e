using System.Globalization;
using System.Text.Json.Nodes;
using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Environments.Simulator.Api;

/// <summary>
/// The simulated Vercel API over the model: the bearer token checked, the API's active faults, then the route's answer
/// or Vercel's error body <c>{"error":{"code","message"}}</c>.
/// </summary>
public sealed class VercelApi
{
    private readonly SimulatedEstate _model;
    private readonly RouteTable _routes = new();

    /// <summary>Creates the API over <paramref name="model"/>.</summary>
    public VercelApi(SimulatedEstate model)
    {
        _model = model;
        new VercelRoutes(model).MapInto(_routes);
    }

    /// <summary>Whether <paramref name="path"/> is one of this API's: a versioned path, the CLI's <c>/now/</c> ones, or its unversioned <c>/teams/</c>.</summary>
    public static bool Owns(string path)
        => path.StartsWith("/now/", StringComparison.Ordinal) || path.StartsWith("/teams/", StringComparison.Ordinal)
            || (path.Length > 2 && path[0] == '/' && path[1] == 'v' && char.IsAsciiDigit(path[2]));

    /// <summary>Answers one call.</summary>
    public ApiAnswer Handle(ApiRequest request)
    {
        var auth = request.Header("Authorization");
        if (auth is null || !auth.StartsWith("Bearer ", StringComparison.Ordinal) || auth.Length == 7)
            return ApiAnswer.Json(403, new JsonObject { ["error"] = new JsonObject { ["code"] = "forbidden", ["message"] = "Not authorized", ["missingToken"] = true } });
        if (_model.VercelFaults.Take(request.Path) is { } fault && Faulted(fault) is { } faulted) return faulted;
        try
        {
            lock (_model.Gate)
            {
                return _routes.Dispatch(request, out var known)
                    ?? (known ? ApiAnswer.Json(405, VercelJsonShapes.Error("method_unknown", $"Method {request.Method} is not allowed"))
                        : ApiAnswer.Json(404, VercelJsonShapes.Error("not_found", "The requested path was not found")));
            }
        }
        catch (ProviderRefusal refusal)
        {
            return ApiAnswer.Json(refusal.Status, VercelJsonShapes.Error(refusal.Code, refusal.Message));
        }
    }

    private ApiAnswer? Faulted(ApiFault fault)
    {
        if (fault.Kind == ApiFaultKind.RateLimit)
            _model.Note(IntervalKind.RateLimit, "Vercel", _model.Now, _model.Now + (long)(_model.Clock.Scale.ToDrill(fault.RetryAfter).TotalSeconds * _model.Clock.Time.TimestampFrequency));
        var seconds = ((int)Math.Ceiling(fault.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return fault.Kind switch
        {
            ApiFaultKind.RateLimit => ApiAnswer.Json(429, new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["code"] = "rate_limited",
                    ["message"] = $"The rate limit of 60 exceeded for 'api'. Try again in {seconds} seconds",
                    ["limit"] = new JsonObject { ["remaining"] = 0, ["reset"] = 0, ["resetMs"] = 0, ["total"] = 60 },
                },
            }, new Dictionary<string, string> { ["Retry-After"] = seconds }),
            ApiFaultKind.InvalidToken => ApiAnswer.Json(403, new JsonObject
            {
                ["error"] = new JsonObject { ["code"] = "forbidden", ["message"] = "Not authorized", ["invalidToken"] = true },
            }),
            ApiFaultKind.ServerError => ApiAnswer.Json(fault.Status, VercelJsonShapes.Error("internal_server_error", "An unexpected internal error occurred")),
            _ => null,
        };
    }
}
