using System.Text.Json.Nodes;
using Runbooks.Drills.Environments;

namespace Runbooks.Drills.Faults;

/// <summary>
/// <c>var-changed</c> (seed 000, Option 2B): a var the Worker needs is changed through its settings, as a bad
/// <c>wrangler.toml</c> edit deploys, and the new version serves at once. The known-good version is the one before.
/// </summary>
public sealed class VarChangedFault(string? variable, string value) : DrillFault
{
    /// <inheritdoc />
    public override bool NeedsSimulator => true;

    /// <inheritdoc />
    public override Task InjectAsync(DrillSite site, CancellationToken cancellation)
    {
        var name = variable ?? site.Estate.Worker(site.ServiceName!).Vars.Keys.FirstOrDefault()
            ?? throw new Core.Errors.BadInputException($"Drill {site.Drill.Name}: Worker {site.ServiceName} has no var in the estate to change; add one under vars:.");
        var model = site.Simulator.Model;
        lock (model.Gate)
        {
            var worker = model.Worker(site.ServiceName!)!;
            // Every binding kept as it is ({type, name}), the one var given its new value.
            var bindings = worker.Latest.Bindings.Select(b => (string?)b["name"] == name
                    ? new JsonObject { ["type"] = "plain_text", ["name"] = name, ["text"] = value }
                    : new JsonObject { ["type"] = b["type"]?.DeepClone(), ["name"] = b["name"]?.DeepClone() })
                .ToList();
            if (!bindings.Any(b => (string?)b["name"] == name)) bindings.Add(new JsonObject { ["type"] = "plain_text", ["name"] = name, ["text"] = value });
            worker.PatchSettings(bindings, worker.Latest.Settings, "wrangler", $"drill: {name} changed", propagate: false);
        }
        return Task.CompletedTask;
    }
}
