using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Runbooks.Core.Errors;

namespace Runbooks.Providers.Postgres;

/// <summary>One numbered migration: <c>NNNN_name.up.sql</c> and, to be reversible, <c>NNNN_name.down.sql</c>.</summary>
/// <param name="Version">The number the file name starts with.</param>
/// <param name="Name">The rest of the name (<c>add_sessions</c>).</param>
/// <param name="UpPath">The up file.</param>
/// <param name="DownPath">The down file, or null when the migration cannot be rolled back.</param>
public sealed partial record MigrationFile(long Version, string Name, string UpPath, string? DownPath)
{
    /// <summary>The up file's name, as messages show it.</summary>
    public string UpFileName => Path.GetFileName(UpPath);

    /// <summary>A short hash of the up file: a migration edited after it was applied shows as modified.</summary>
    public string Checksum() => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(UpPath)))[..16];

    /// <summary>The migrations in <paramref name="directory"/>, by version; a duplicate version or a down without an up is bad input.</summary>
    public static IReadOnlyList<MigrationFile> Discover(string directory)
    {
        if (!Directory.Exists(directory))
            throw new BadInputException($"Migrations folder {directory} does not exist.");
        var files = new Dictionary<long, (string Name, string? Up, string? Down)>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.sql"))
        {
            var m = FileName().Match(Path.GetFileName(path));
            if (!m.Success) continue; // README.sql, seed data: not migrations
            var version = long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var name = m.Groups[2].Value;
            files.TryGetValue(version, out var entry);
            if (entry.Name is not null && entry.Name != name)
                throw new BadInputException($"Migrations folder {directory} has two migrations numbered {version}: {entry.Name} and {name}.");
            entry.Name = name;
            if (m.Groups[3].Value == "up") entry.Up = path; else entry.Down = path;
            files[version] = entry;
        }
        return files.OrderBy(f => f.Key).Select(f => new MigrationFile(f.Key, f.Value.Name,
                f.Value.Up ?? throw new BadInputException($"Migration {Path.GetFileName(f.Value.Down)} has no matching .up.sql file."),
                f.Value.Down))
            .ToList();
    }

    [GeneratedRegex(@"^(\d+)_([A-Za-z0-9_\-]+)\.(up|down)\.sql$")]
    private static partial Regex FileName();
}
