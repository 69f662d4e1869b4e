using System.Text;
using Runbooks.Core.Estates;

namespace Runbooks.Tests.Support;

/// <summary>Writes an estate as <c>.config/estate.yaml</c> text, with each service's URL (a simulator's), for runbooks run by the CLI.</summary>
public static class EstateYaml
{
    public static string Of(Estate estate)
    {
        var y = new StringBuilder();
        y.AppendLine("cloudflare:");
        y.AppendLine($"  accountId: {estate.CloudflareAccountId}");
        List(y, "  zones", estate.Zones.Select(z => $"{{ name: {z.Name}, id: {z.Id} }}"));
        List(y, "  workers", estate.Workers.Select(w =>
            $"{{ name: {w.Name}, health: {w.Health}, critical: [{string.Join(", ", w.Critical)}], secrets: [{string.Join(", ", w.Secrets)}], {(w.Auth is null ? "" : $"auth: {w.Auth}, ")}"
            + $"vars: {{ {string.Join(", ", w.Vars.Select(v => $"{v.Key}: \"{v.Value}\""))} }}, "
            + $"choices: {{ {string.Join(", ", w.Choices.Select(c => $"{c.Key}: [{string.Join(", ", c.Value)}]"))} }}, url: {w.Url} }}"));
        List(y, "  pages", estate.PagesProjects.Select(p => $"{{ name: {p.Name}, health: {p.Health}, url: {p.Url} }}"));
        if (estate.VercelTeamId is null) return y.ToString();
        y.AppendLine("vercel:");
        y.AppendLine($"  teamId: {estate.VercelTeamId}");
        List(y, "  projects", estate.VercelProjects.Select(p => $"{{ name: {p.Name}, id: {p.Id}, health: {p.Health}, url: {p.Url} }}"));
        return y.ToString();
    }

    private static void List(StringBuilder y, string key, IEnumerable<string> items)
    {
        var all = items.ToList();
        y.AppendLine(all.Count == 0 ? key + ": []" : key + ":");
        foreach (var item in all) y.AppendLine("    - " + item);
    }

    /// <summary>Writes <paramref name="estate"/> to <c>ROOT/.config/estate.yaml</c>.</summary>
    public static void WriteTo(string root, Estate estate)
    {
        Directory.CreateDirectory(Path.Combine(root, ".config"));
        File.WriteAllText(Path.Combine(root, ".config", "estate.yaml"), Of(estate));
    }
}
