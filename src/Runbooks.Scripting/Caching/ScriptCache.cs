using System.IO.Hashing;
using System.Text;
using Runbooks.Scripting.Hosting;

namespace Runbooks.Scripting.Caching;

/// <summary>
/// Compiled runbooks on disk, one folder per key. The key covers the content of the runbook and everything it
/// <c>#load</c>s, the host build (module version ids) and the runtime version, never a folder's name, so a
/// CI checkout in a random folder still hits. Entries are written to a temporary folder and moved into place, with a
/// SHA-256 of what was written: an entry that was truncated or tampered with since does not match it and is rebuilt,
/// never run.
/// </summary>
public sealed class ScriptCache(string root)
{
    private const string ImageFile = "runbook.dll";
    private const string ParamsFile = "required-params.txt";
    private const string DigestFile = "sha256.txt";

    /// <summary>Where entries live.</summary>
    public string Root { get; } = root;

    /// <summary>
    /// <c>$RUNBOOKS_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/runbooks/scripts</c>, else <c>~/.cache/runbooks/scripts</c>.
    /// </summary>
    public static ScriptCache Default()
    {
        var dir = Environment.GetEnvironmentVariable("RUNBOOKS_CACHE_DIR");
        if (string.IsNullOrEmpty(dir))
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var baseDir = string.IsNullOrEmpty(xdg)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
                : xdg;
            dir = Path.Combine(baseDir, "runbooks", "scripts");
        }
        return new ScriptCache(dir);
    }

    /// <summary>The cache key of <paramref name="source"/> for this host build.</summary>
    public static string KeyFor(RunbookSource source)
    {
        var hash = new XxHash128();
        void Add(string s) => hash.Append(Encoding.UTF8.GetBytes(s + "\0"));
        Add(HostIdentity);
        foreach (var file in source.Files)
        {
            // File names matter (diagnostics and stack traces carry them); the folders they sit in do not.
            Add(Path.GetFileName(file.Path));
            if (file.Content is null) Add("<missing>");
            else { Add(file.Content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)); hash.Append(file.Content); }
        }
        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    private static readonly string HostIdentity = string.Join("|",
        typeof(ScriptCache).Assembly.ManifestModule.ModuleVersionId,
        typeof(Core.Runs.RunbookRun).Assembly.ManifestModule.ModuleVersionId,
        typeof(Providers.ProviderContext).Assembly.ManifestModule.ModuleVersionId,
        Environment.Version);

    /// <summary>
    /// The entry for <paramref name="key"/>, or null when there is none: a half-written entry, or one whose content no
    /// longer matches the SHA-256 recorded when it was written, counts as none.
    /// </summary>
    public CacheEntry? TryGet(string key, string runbookPath)
    {
        var dir = Path.Combine(Root, key);
        var image = Path.Combine(dir, ImageFile);
        var paramsFile = Path.Combine(dir, ParamsFile);
        var digestFile = Path.Combine(dir, DigestFile);
        if (!File.Exists(image) || !File.Exists(paramsFile) || !File.Exists(digestFile)) return null;
        var bytes = File.ReadAllBytes(image);
        var paramsText = File.ReadAllText(paramsFile);
        if (!string.Equals(File.ReadAllText(digestFile).Trim(), Digest(bytes, paramsText), StringComparison.Ordinal)) return null;
        var required = paramsText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new CacheEntry(key, runbookPath, image, required);
    }

    private static string Digest(byte[] image, string paramsText)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        sha.AppendData(image);
        sha.AppendData(Encoding.UTF8.GetBytes(paramsText));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Stores a compiled image and returns its entry; a concurrent writer of the same key wins harmlessly.</summary>
    public CacheEntry Store(string key, string runbookPath, byte[] image, IReadOnlyList<string> requiredParams)
    {
        Directory.CreateDirectory(Root);
        var final = Path.Combine(Root, key);
        var temp = Path.Combine(Root, $"{key}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        var paramsText = string.Concat(requiredParams.Select(p => p + "\n"));
        File.WriteAllBytes(Path.Combine(temp, ImageFile), image);
        File.WriteAllText(Path.Combine(temp, ParamsFile), paramsText);
        File.WriteAllText(Path.Combine(temp, DigestFile), Digest(image, paramsText));
        try
        {
            if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
            Directory.Move(temp, final);
        }
        catch (IOException)
        {
            // Another process stored the same key a moment earlier: its entry is as good as ours.
            TryDelete(temp);
        }
        return TryGet(key, runbookPath) ?? throw new IOException($"Script cache {final} could not be written.");
    }

    /// <summary>Removes an entry (a corrupt one is rebuilt, never fatal).</summary>
    public void Evict(string key) => TryDelete(Path.Combine(Root, key));

    private static void TryDelete(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A compiled runbook in the cache.</summary>
/// <param name="Key">Its cache key.</param>
/// <param name="RunbookPath">The runbook it was compiled from.</param>
/// <param name="ImagePath">The emitted assembly (with embedded PDB).</param>
/// <param name="RequiredParams">Literal names of params used without a default, found at compile time.</param>
public sealed record CacheEntry(string Key, string RunbookPath, string ImagePath, IReadOnlyList<string> RequiredParams);
