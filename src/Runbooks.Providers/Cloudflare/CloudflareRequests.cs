namespace Runbooks.Providers.Cloudflare;

/// <summary>CF-4 body: a deployment that sends traffic to one or two versions.</summary>
public sealed record CreateDeploymentRequest
{
    /// <summary>Always <c>percentage</c>.</summary>
    public string Strategy { get; init; } = "percentage";

    /// <summary>The versions and their share of traffic (summing to 100).</summary>
    public required IReadOnlyList<DeploymentVersion> Versions { get; init; }

    /// <summary><c>workers/message</c>: why (the server keeps 100 bytes).</summary>
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}

/// <summary>CF-6a body.</summary>
/// <param name="Name">The secret's name.</param>
/// <param name="Text">Its value (never logged).</param>
/// <param name="Type">Always <c>secret_text</c>.</param>
public sealed record PutSecretRequest(string Name, string Text, string Type = "secret_text");

/// <summary>CF-9 body: purge everything, or only some files, tags, hosts or prefixes.</summary>
public sealed record PurgeCacheRequest
{
    /// <summary>Purge the whole zone.</summary>
    public bool? PurgeEverything { get; init; }

    /// <summary>URLs to purge.</summary>
    public IReadOnlyList<string>? Files { get; init; }

    /// <summary>Cache tags to purge.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Host names to purge.</summary>
    public IReadOnlyList<string>? Hosts { get; init; }

    /// <summary>URL prefixes to purge.</summary>
    public IReadOnlyList<string>? Prefixes { get; init; }
}

/// <summary>A Worker to upload (CF-5a): one ES module and its metadata.</summary>
/// <param name="MainModule">The module's file name, e.g. <c>emergency-worker.mjs</c>.</param>
/// <param name="Source">The module's JavaScript.</param>
/// <param name="CompatibilityDate">The runtime's compatibility date.</param>
public sealed record WorkerModuleUpload(string MainModule, string Source, string CompatibilityDate = "2024-11-01");
