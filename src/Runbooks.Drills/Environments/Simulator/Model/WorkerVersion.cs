using System.Text.Json.Nodes;

namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>
/// One Worker version: its code, bindings and secrets as uploaded. Immutable: a secret or settings change makes a new
/// version, as on Cloudflare.
/// </summary>
public sealed class WorkerVersion
{
    /// <summary>Creates a version.</summary>
    public WorkerVersion(string id, int number, DateTimeOffset createdOn, string source, IReadOnlyDictionary<string, string> annotations,
        IReadOnlyList<JsonObject> bindings, IReadOnlyDictionary<string, string> secrets, string mainModule, IReadOnlyDictionary<string, byte[]> modules,
        ServiceBehaviour behaviour, WorkerSettings settings)
    {
        Id = id;
        Number = number;
        CreatedOn = createdOn;
        Source = source;
        Annotations = annotations;
        Bindings = bindings;
        Secrets = secrets;
        MainModule = mainModule;
        Modules = modules;
        Behaviour = behaviour;
        Settings = settings;
    }

    /// <summary>The version id (a UUID).</summary>
    public string Id { get; }

    /// <summary>Its sequential number.</summary>
    public int Number { get; }

    /// <summary>When it was uploaded.</summary>
    public DateTimeOffset CreatedOn { get; }

    /// <summary><c>wrangler</c>, <c>api</c>, <c>dash</c>.</summary>
    public string Source { get; }

    /// <summary><c>workers/message</c>, <c>workers/tag</c>, <c>workers/triggered_by</c>.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; }

    /// <summary>Its bindings as the API shows them (secret values left out).</summary>
    public IReadOnlyList<JsonObject> Bindings { get; }

    /// <summary>Its secrets' values, by name (never shown by the API).</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; }

    /// <summary>Its plain-text vars, by name.</summary>
    public IReadOnlyDictionary<string, string> Vars => Bindings
        .Where(b => (string?)b["type"] == "plain_text" && b["name"] is not null)
        .ToDictionary(b => (string)b["name"]!, b => (string?)b["text"] ?? "", StringComparer.Ordinal);

    /// <summary>The entry module's name.</summary>
    public string MainModule { get; }

    /// <summary>The modules, by name.</summary>
    public IReadOnlyDictionary<string, byte[]> Modules { get; }

    /// <summary>How its code answers (before its configuration is checked).</summary>
    public ServiceBehaviour Behaviour { get; }

    /// <summary>Its compatibility date and flags, usage model and other settings.</summary>
    public WorkerSettings Settings { get; }
}
