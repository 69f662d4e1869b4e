namespace Runbooks.Providers.Cloudflare;

/// <summary>A version to upload (CF-5b): its ES modules by name, the entry module, and the vars it runs with.</summary>
/// <param name="MainModule">The entry module's name, e.g. <c>index.js</c>.</param>
/// <param name="Modules">Each module's source, by name.</param>
/// <param name="Vars">Its plain-text vars (secrets are kept from the Worker as they are).</param>
/// <param name="Message">Its <c>workers/message</c> annotation.</param>
/// <param name="CompatibilityDate">Its compatibility date.</param>
public sealed record WorkerVersionUpload(string MainModule, IReadOnlyDictionary<string, string> Modules, IReadOnlyDictionary<string, string> Vars,
    string? Message = null, string CompatibilityDate = "2024-11-01");
