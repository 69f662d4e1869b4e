using Microsoft.AspNetCore.Http;
using Runbooks.Drills.Environments.Simulator.Api;
using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Environments.Simulator;

/// <summary>
/// The simulated services (<c>/sim/workers/NAME/...</c>, <c>/sim/pages/NAME/...</c>, <c>/sim/vercel/NAME/...</c>),
/// served by middleware in front of WireMock from the same model: drill load reaches thousands of requests a second,
/// which WireMock's matching would bend (shared/notes/wiremock-net-here.md: ~5k req/s at p99 14 ms through it, 54k in
/// front of it). The same middleware resets an API call's connection when a fault says so, which a WireMock response
/// cannot do.
/// </summary>
public sealed class ServiceEndpoints(SimulatedEstate model)
{
    /// <summary>Where the services live on the simulator.</summary>
    public const string Root = "/sim";

    /// <summary>Where a zone's hostname is served: <c>/sim/hosts/HOST</c>, through the zone's rules, cache, routes and DNS.</summary>
    public static string PathOfHost(string host) => $"{Root}/hosts/{host}";

    /// <summary>The path of a service's root on the simulator.</summary>
    public static string PathOf(Core.Estates.EstateServiceKind kind, string name) => kind switch
    {
        Core.Estates.EstateServiceKind.Pages => $"{Root}/pages/{name}",
        Core.Estates.EstateServiceKind.Vercel => $"{Root}/vercel/{name}",
        _ => $"{Root}/workers/{name}",
    };

    /// <summary>The middleware: answers a service request, resets a faulted API call, passes everything else to WireMock.</summary>
    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var path = context.Request.Path.Value ?? "";
        var latency = model.Latency;
        if (latency > TimeSpan.Zero) await ImposedDelay.WaitAsync(latency, model.Clock.Time, context.RequestAborted).ConfigureAwait(false);
        if (path.StartsWith(Root + "/", StringComparison.Ordinal))
        {
            await ServeAsync(context, path).ConfigureAwait(false);
            return;
        }
        if (Resets(path))
        {
            context.Abort();
            return;
        }
        await next().ConfigureAwait(false);
    }

    private bool Resets(string path)
    {
        if (path.StartsWith(CloudflareApi.Root + "/", StringComparison.Ordinal))
            return model.CloudflareFaults.Resets(path) && model.CloudflareFaults.Take(path, ApiFaultKind.ConnectionReset) is not null;
        return VercelApi.Owns(path) && model.VercelFaults.Resets(path) && model.VercelFaults.Take(path, ApiFaultKind.ConnectionReset) is not null;
    }

    private async Task ServeAsync(HttpContext context, string path)
    {
        // /sim/{kind}/{name}/{rest}
        var parts = path[(Root.Length + 1)..].Split('/', 3);
        var rest = parts.Length == 3 ? "/" + parts[2] : "/";
        if (parts is ["hosts", var host, ..])
        {
            await WriteAsync(context, model.Hosts.Answer(host, rest, Bearer(context))).ConfigureAwait(false);
            return;
        }
        var edge = parts.Length >= 2 ? model.EdgeOf(KindOf(parts[0]), parts[1]) : null;
        if (edge is null)
        {
            context.Response.StatusCode = 404;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"error\":\"no such simulated service\"}").ConfigureAwait(false);
            return;
        }
        await WriteAsync(context, edge.Answer(rest, model.Now, Bearer(context))).ConfigureAwait(false);
    }

    private static string? Bearer(HttpContext context)
        => context.Request.Headers.Authorization.ToString() is { Length: > 7 } h && h.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? h[7..].Trim() : null;

    private async Task WriteAsync(HttpContext context, ServiceAnswer answer)
    {
        if (answer.Delay > TimeSpan.Zero) await ImposedDelay.WaitAsync(answer.Delay, model.Clock.Time, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        context.Response.Headers["x-served-version"] = answer.Version;
        context.Response.Headers.CacheControl = "no-store";
        if (answer.RetryAfterSeconds is { } retry) context.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>()) context.Response.Headers[name] = value;
        await context.Response.WriteAsync(answer.Body).ConfigureAwait(false);
    }

    private static Core.Estates.EstateServiceKind? KindOf(string segment) => segment switch
    {
        "workers" => Core.Estates.EstateServiceKind.Worker,
        "pages" => Core.Estates.EstateServiceKind.Pages,
        "vercel" => Core.Estates.EstateServiceKind.Vercel,
        _ => null,
    };
}
