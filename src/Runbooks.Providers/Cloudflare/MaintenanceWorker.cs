namespace Runbooks.Providers.Cloudflare;

/// <summary>
/// The emergency maintenance Worker of seed 000, Option 3A: <c>/api/health</c> answers 503 with a JSON maintenance
/// status, everything else 503 "Platform temporarily unavailable". Written as an ES module so it uploads as one part.
/// </summary>
public static class MaintenanceWorker
{
    /// <summary>The module's file name, as <c>main_module</c> names it.</summary>
    public const string ModuleName = "emergency-worker.mjs";

    /// <summary>The module.</summary>
    public static WorkerModuleUpload Module(string message = "Platform temporarily unavailable - maintenance in progress")
        => new(ModuleName, Source.Replace("__MESSAGE__", System.Text.Json.JsonSerializer.Serialize(message), StringComparison.Ordinal));

    private const string Source = """
        export default {
          async fetch(request) {
            const url = new URL(request.url);
            if (url.pathname === '/api/health') {
              return new Response(JSON.stringify({ status: 'maintenance', message: __MESSAGE__ }), {
                status: 503,
                headers: { 'Content-Type': 'application/json', 'Retry-After': '120' }
              });
            }
            return new Response('Platform temporarily unavailable', { status: 503, headers: { 'Retry-After': '120' } });
          }
        };
        """;
}
