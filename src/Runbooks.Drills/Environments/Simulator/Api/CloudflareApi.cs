using System.Globalization;
using System.Text.Json.Nodes;
using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Environments.Simulator.Api;

/// <summary>
/// The simulated Cloudflare v4 API over the model: authentication as Cloudflare checks it, the API's active faults, then
/// the route's answer in the v4 envelope, or the provider's error (404 7003 for an unknown route).
/// </summary>
public sealed class CloudflareApi
{
    /// <summary>Where the API lives on the simulator (and on api.cloudflare.com).</summary>
    public const string Root = "/client/v4";

    private readonly SimulatedEstate _model;
    private readonly RouteTable _routes = new();

    /// <summary>Creates the API over <paramref name="model"/>.</summary>
    public CloudflareApi(SimulatedEstate model)
    {
        _model = model;
        _routes
            .Map("GET", "/user/tokens/verify", (r, v) => TokenStatus())
            .Map("GET", "/accounts/{account}/tokens/verify", (r, v) => TokenStatus())
            .Map("GET", "/user", (r, v) => CloudflareEnvelope.Ok(new JsonObject { ["id"] = "7c5dae5552338874e5053f2534d2767a", ["email"] = "runbooks-sim@example.com" }))
            .Map("GET", "/memberships", (r, v) => CloudflareEnvelope.Ok(new JsonArray(new JsonObject
            {
                ["id"] = StableIds.Hex("membership"), ["account"] = Account(), ["status"] = "accepted",
            })))
            .Map("GET", "/accounts", (r, v) => CloudflareEnvelope.Page([Account()], r))
            .Map("GET", "/accounts/{account}/hyperdrive/configs", (r, v) => CloudflareEnvelope.Page([], r));
        new CloudflareWorkersRoutes(model).MapInto(_routes);
        new CloudflarePagesRoutes(model).MapInto(_routes);
        new CloudflareZonesRoutes(model).MapInto(_routes);
    }

    /// <summary>Answers one call; <paramref name="request"/>'s path is below <see cref="Root"/>.</summary>
    public ApiAnswer Handle(ApiRequest request)
    {
        var auth = request.Header("Authorization");
        if (auth is null && request.Header("X-Auth-Key") is null)
            return Chain(400, 6003, "Invalid request headers", 6111, "Invalid format for Authorization header");
        // A token with a trailing newline or space is the classic copy-paste mistake Cloudflare answers with 6003/6111.
        if (auth is not null && (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || auth[7..] is var token && (token.Length == 0 || token.Any(char.IsWhiteSpace))))
            return Chain(400, 6003, "Invalid request headers", 6111, "Invalid format for Authorization header");
        if (_model.CloudflareFaults.Take(Root + request.Path) is { } fault && Faulted(fault) is { } faulted) return faulted;
        try
        {
            lock (_model.Gate)
            {
                return _routes.Dispatch(request, out var known)
                    ?? (known ? CloudflareEnvelope.Error(405, 10405, $"Method {request.Method} not allowed for this endpoint")
                        : CloudflareEnvelope.Error(404, 7003, $"No route for the URI {Root}{request.Path}"));
            }
        }
        catch (ProviderRefusal refusal)
        {
            return CloudflareEnvelope.Error(refusal.Status, int.TryParse(refusal.Code, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : 10000, refusal.Message);
        }
    }

    private ApiAnswer? Faulted(ApiFault fault) => fault.Kind switch
    {
        ApiFaultKind.RateLimit => RateLimited(fault),
        ApiFaultKind.InvalidToken => CloudflareEnvelope.Error(403, 10000, "Authentication error"),
        ApiFaultKind.ServerError => ApiAnswer.Text(fault.Status,
            $"<html><head><title>{fault.Status} Bad Gateway</title></head><body><center><h1>{fault.Status} Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>",
            "text/html"),
        _ => null, // a reset is done before the call reaches the API
    };

    private ApiAnswer RateLimited(ApiFault fault)
    {
        _model.Note(IntervalKind.RateLimit, "Cloudflare", _model.Now, _model.Now + (long)(_model.Clock.Scale.ToDrill(fault.RetryAfter).TotalSeconds * _model.Clock.Time.TimestampFrequency));
        return CloudflareEnvelope.Error(429, 971, "Please wait and consider throttling your request speed", new Dictionary<string, string>
        {
            ["Retry-After"] = Seconds(fault.RetryAfter),
            ["Ratelimit"] = "\"default\";r=0;t=" + Seconds(fault.RetryAfter),
            ["Ratelimit-Policy"] = "\"burst\";q=1200;w=300",
        });
    }

    private static string Seconds(TimeSpan t) => ((int)Math.Ceiling(t.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static ApiAnswer TokenStatus() => CloudflareEnvelope.Ok(new JsonObject { ["id"] = "f267e341f3dd4697bd3b9f71dd96247f", ["status"] = "active" },
        messages: new JsonArray(new JsonObject { ["code"] = 10000, ["message"] = "This API Token is valid and active", ["type"] = null }));

    private JsonObject Account() => new() { ["id"] = _model.Estate.CloudflareAccountId, ["name"] = "Runbooks simulated account" };

    private static ApiAnswer Chain(int status, int code, string message, int chainCode, string chainMessage)
        => ApiAnswer.Json(status, new JsonObject
        {
            ["success"] = false,
            ["errors"] = new JsonArray(new JsonObject
            {
                ["code"] = code, ["message"] = message,
                ["error_chain"] = new JsonArray(new JsonObject { ["code"] = chainCode, ["message"] = chainMessage }),
            }),
            ["messages"] = new JsonArray(),
            ["result"] = null,
        });
}
